import { CsvRecordAssembler } from "./csv-format.js";
import type { AclRecord, InputIndex } from "./input-types.js";
import { readFileFragments } from "./read-file-fragments.js";

export interface ReadWinningRecordsOptions {
  /** Stops reading between two reads, with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /**
   * References that name one repository, each with a key they share (once resolved, `github.com/acme/api` and
   * `101` can be one repository). In a CSV file, the rows of the references of one key whose winning record is in
   * that file make one record, named by the reference of the group's last row and listing every form in
   * `references`; the last-record-wins rule then applies to that gathered record. Other formats are unchanged:
   * there each record stands alone.
   */
  readonly sameRepository?: ReadonlyMap<string, string> | undefined;
}

/**
 * The second pass: reads the scanned files again, in order, and yields each repository reference's winning
 * record (and no other), streamed. NDJSON and JSON records are yielded where they stand; a CSV repository's
 * record when its last row in the file is read (so a CSV file sorted by repository holds one ACL at a time).
 *
 * Every file is read again, even one with no winning record, and checked against the scan: a file of another
 * size is refused before it is read, one whose SHA-256 differs at its end, after its records were yielded.
 * Such an error means the records already yielded cannot be trusted either: act on none of them.
 *
 * @throws InputError when a file is unreadable or changed since {@link scanInputs} read it.
 */
export async function* readWinningRecords(
  index: InputIndex,
  options: ReadWinningRecordsOptions = {},
): AsyncGenerator<AclRecord, void, undefined> {
  for (const [fileIndex, file] of index.files.entries()) {
    const csv = file.format === "csv";
    const keyOf = (reference: string): string =>
      (csv ? options.sameRepository?.get(reference) : undefined) ?? reference;
    const winners = new Map<string, number>();
    for (const [repository, location] of index.repositories) {
      if (location.fileIndex !== fileIndex) continue;
      const key = keyOf(repository);
      winners.set(key, Math.max(winners.get(key) ?? -1, location.closesAt));
    }
    const assembler = csv ? new CsvRecordAssembler(winners, file.path, keyOf) : undefined;
    let entry = 0;
    for await (const batch of readFileFragments(file.path, {
      format: file.format,
      maxRecordBytes: index.maxRecordBytes,
      signal: options.signal,
      expected: file,
    })) {
      for (const fragment of batch) {
        const at = entry;
        entry += 1;
        if (assembler !== undefined) {
          const record = assembler.add(fragment, at);
          if (record !== undefined) yield record;
        } else if (winners.get(fragment.repository) === at) {
          const { repository, users, line } = fragment;
          yield { repository, users, location: { file: file.path, line } };
        }
      }
    }
  }
}
