import { countCsvRecordUsers } from "./count-csv-record-users.js";
import { CsvRepositoryTally } from "./csv-repository-tally.js";
import { InputError } from "./input-error.js";
import type { InputFileSummary, InputFormat, RecordLocation, SourceLocation } from "./input-types.js";
import { type FileDigest, readFileFragments } from "./read-file-fragments.js";

/** The index being built across files, which {@link scanFile} adds one file to. */
export interface IndexUnderConstruction {
  readonly repositories: Map<string, RecordLocation>;
  readonly bindIds: Map<string, SourceLocation>;
}

export interface ScanFileOptions {
  readonly format: InputFormat;
  readonly maxRecordBytes: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The first pass over one file: checks every entry, and records in `index` each of its repositories' records
 * (replacing those of earlier files: the last record wins) and each bindID not seen before.
 *
 * @param fileIndex - the file's place among the inputs.
 * @throws InputError when the file cannot be read, is invalid, or holds no record.
 */
export async function scanFile(
  path: string,
  fileIndex: number,
  index: IndexUnderConstruction,
  options: ScanFileOptions,
): Promise<InputFileSummary> {
  const { format, maxRecordBytes, signal } = options;
  const tally = format === "csv" ? new CsvRepositoryTally() : undefined;
  let digest: FileDigest | undefined;
  let entries = 0;
  let droppedBlankBindIds = 0;
  const onDigest = (read: FileDigest): void => {
    digest = read;
  };
  for await (const batch of readFileFragments(path, { format, maxRecordBytes, signal, onDigest })) {
    for (const fragment of batch) {
      droppedBlankBindIds += fragment.droppedBlankBindIds;
      for (const user of fragment.users) {
        if (!index.bindIds.has(user.bindId)) index.bindIds.set(user.bindId, { file: path, line: user.line });
      }
      if (tally === undefined) {
        const { repository, line, users } = fragment;
        index.repositories.set(repository, {
          file: path,
          line,
          fileIndex,
          closesAt: entries,
          users: users.length,
        });
      } else {
        tally.add(fragment, entries);
      }
      entries += 1;
    }
  }
  const { sha256, bytes } = digest as FileDigest;
  let records = entries;
  if (tally !== undefined) {
    records = tally.repositories.size;
    const split = new Map<string, number>();
    for (const [repository, entry] of tally.repositories) {
      if (entry.split) split.set(repository, entry.closesAt);
    }
    const exact =
      split.size === 0
        ? new Map<string, number>()
        : await countCsvRecordUsers(path, split, { maxRecordBytes, signal, expected: { sha256, bytes } });
    for (const [repository, { line, closesAt, users }] of tally.repositories) {
      index.repositories.set(repository, {
        file: path,
        line,
        fileIndex,
        closesAt,
        users: exact.get(repository) ?? users,
      });
    }
  }
  if (records === 0) throw new InputError("no ACL records in this file", { file: path });
  return { path, format, sha256, bytes, records, droppedBlankBindIds };
}
