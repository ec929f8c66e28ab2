import { CsvRecordAssembler, CsvRepositoryTally } from "./csv-format.js";
import { InputError } from "./input-error.js";
import type {
  InputFileSummary,
  InputFormat,
  InputIndex,
  RecordedCalls,
  RecordLocation,
  SourceLocation,
} from "./input-types.js";
import { detectFormat, type FileDigest, readFileFragments } from "./read-file-fragments.js";

/** The default `maxRecordBytes`: 64 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface ScanInputsOptions {
  /** The format of every file; by default each file's is told by its extension ({@link detectFormat}). */
  readonly format?: InputFormat | undefined;
  /**
   * The longest record (NDJSON line, JSON record object, CSV row) accepted, in bytes; a longer one is an
   * error at its line, raised before it is buffered whole. Defaults to {@link DEFAULT_MAX_RECORD_BYTES}.
   */
  readonly maxRecordBytes?: number | undefined;
  /** Stops the scan between two reads, with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The first pass over the ACL input files, in the order given: streams each file (never holding it whole),
 * hashes it, checks every record, and indexes each repository reference's winning record (its last one across
 * all files, as the legacy calls would have left it) and every distinct bindID (its first mention). Memory
 * grows with the distinct repositories and bindIDs, not with the entries, except that a CSV file whose
 * repositories' rows are not contiguous is read twice and holds the open repositories' users meanwhile.
 *
 * @throws InputError naming the file, line and field of the first problem: an unknown format, a missing or
 *   unreadable file, invalid content, or a file with no records.
 * @throws RangeError when `paths` is empty or `maxRecordBytes` is not a positive integer.
 */
export async function scanInputs(
  paths: readonly string[],
  options: ScanInputsOptions = {},
): Promise<InputIndex> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1) {
    throw new RangeError(`maxRecordBytes must be a positive integer, got ${maxRecordBytes}`);
  }
  if (paths.length === 0) throw new RangeError("scanInputs needs at least one input file");
  const formats = paths.map((path) => options.format ?? detectFormat(path));
  const index: IndexUnderConstruction = { repositories: new Map(), bindIds: new Map() };
  const files: InputFileSummary[] = [];
  for (const [fileIndex, path] of paths.entries()) {
    const format = formats[fileIndex] as InputFormat;
    files.push(await scanFile(path, fileIndex, index, { format, maxRecordBytes, signal: options.signal }));
  }
  let entries = 0;
  for (const location of index.repositories.values()) entries += location.users;
  let droppedBlankBindIds = 0;
  for (const file of files) droppedBlankBindIds += file.droppedBlankBindIds;
  return {
    files,
    repositories: index.repositories,
    bindIds: index.bindIds,
    entries,
    droppedBlankBindIds,
    maxRecordBytes,
  };
}

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
  let calls: RecordedCalls | undefined;
  let entries = 0;
  let droppedBlankBindIds = 0;
  const onDigest = (read: FileDigest): void => {
    digest = read;
  };
  const onCalls = (read: RecordedCalls): void => {
    calls = read;
  };
  for await (const batch of readFileFragments(path, { format, maxRecordBytes, signal, onDigest, onCalls })) {
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
  if (records === 0 && calls !== undefined) {
    throw new InputError(
      `no setRepositoryPermissionsForUsers call among this file's ${calls.requests} GraphQL requests`,
      { file: path },
    );
  }
  if (records === 0) throw new InputError("no ACL records in this file", { file: path });
  return { path, format, sha256, bytes, records, droppedBlankBindIds, ...(calls ? { calls } : {}) };
}

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
