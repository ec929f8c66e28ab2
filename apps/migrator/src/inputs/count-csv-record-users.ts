import { CsvRecordAssembler } from "./csv-record-assembler.js";
import { type FileDigest, readFileFragments } from "./read-file-fragments.js";

export interface CountCsvRecordUsersOptions {
  readonly maxRecordBytes: number;
  readonly signal?: AbortSignal | undefined;
  /** What the first read of the file found: a file that changed since is refused. */
  readonly expected: FileDigest;
}

/**
 * Reads a CSV file again to count the distinct users of some of its repositories exactly, holding only the
 * records still open (those whose last row is not yet read).
 *
 * @param closesAt - the repositories to count, each with the index of its last row in the file.
 * @returns each of those repositories with its number of distinct users.
 */
export async function countCsvRecordUsers(
  path: string,
  closesAt: ReadonlyMap<string, number>,
  options: CountCsvRecordUsersOptions,
): Promise<Map<string, number>> {
  const assembler = new CsvRecordAssembler(closesAt, path);
  const counts = new Map<string, number>();
  let index = 0;
  for await (const batch of readFileFragments(path, { ...options, format: "csv" })) {
    for (const row of batch) {
      const record = assembler.add(row, index);
      index += 1;
      if (record !== undefined) counts.set(record.repository, record.users.length);
    }
  }
  return counts;
}
