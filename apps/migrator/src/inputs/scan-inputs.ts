import { detectFormat } from "./detect-format.js";
import type { InputFileSummary, InputFormat, InputIndex } from "./input-types.js";
import { type IndexUnderConstruction, scanFile } from "./scan-file.js";

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
