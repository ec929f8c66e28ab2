import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import type { AclFragment, FragmentParser } from "./acl-fragment.js";
import { CsvFragmentParser } from "./csv-format.js";
import { readFileChunks, skipByteOrderMark } from "./file-reading.js";
import { fileChangedError, InputError, inputFileError } from "./input-error.js";
import type { InputFormat, RecordedCalls } from "./input-types.js";
import { JsonFragmentParser, NdjsonFragmentParser } from "./json-formats.js";
import { HarFragmentParser } from "./recorded-calls.js";

// One input file's fragments, whatever its format: the format told by the file's extension, the reader of that
// format, and the file streamed through it and hashed.

/** A file's identity for the second pass: what the first pass read. */
export interface FileDigest {
  /** Hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  readonly bytes: number;
}

export interface ReadFileFragmentsOptions {
  readonly format: InputFormat;
  readonly maxRecordBytes: number;
  readonly signal?: AbortSignal | undefined;
  /**
   * What an earlier read found. A file of another size is refused before it is read, and one whose hash
   * differs at the end; when the file turns out invalid, the rest is still hashed, so that a file edited
   * between the passes is reported as changed rather than by its new content's first error.
   */
  readonly expected?: FileDigest | undefined;
  /** Called with the file's digest once it has been read to the end (and passed the `expected` check). */
  readonly onDigest?: ((digest: FileDigest) => void) | undefined;
  /** Called, for a file of recorded GraphQL calls, with what it held besides the permission calls. */
  readonly onCalls?: ((calls: RecordedCalls) => void) | undefined;
}

/**
 * Streams one ACL file's fragments in file order, in batches (one per chunk read), hashing its bytes on the
 * way. Only the current chunk and the entry being read are held.
 *
 * @throws InputError for an unreadable or invalid file, or one that differs from `options.expected`.
 */
export async function* readFileFragments(
  path: string,
  options: ReadFileFragmentsOptions,
): AsyncGenerator<AclFragment[], void, undefined> {
  const { expected } = options;
  if (expected !== undefined) {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      throw inputFileError(path, error);
    }
    if (size !== expected.bytes) {
      throw fileChangedError(path, `${expected.bytes} bytes then, ${size} now`);
    }
  }
  const hash = createHash("sha256");
  let bytes = 0;
  let batch: AclFragment[] = [];
  const parser = createFragmentParser(options.format, path, options.maxRecordBytes, (fragment) => {
    batch.push(fragment);
  });
  let failure: InputError | undefined;
  const feed = (step: () => void): void => {
    if (failure !== undefined) return;
    try {
      step();
    } catch (error) {
      if (expected === undefined || !(error instanceof InputError)) throw error;
      failure = error;
      batch = [];
    }
  };
  for await (const chunk of readFileChunks(path, options.signal)) {
    hash.update(chunk);
    const first = bytes === 0;
    bytes += chunk.length;
    feed(() => parser.push(first ? skipByteOrderMark(chunk, path) : chunk));
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  feed(() => parser.end());
  const digest: FileDigest = { sha256: hash.digest("hex"), bytes };
  if (expected !== undefined && (digest.sha256 !== expected.sha256 || digest.bytes !== expected.bytes)) {
    throw fileChangedError(path, "its SHA-256 differs", failure);
  }
  if (failure !== undefined) throw failure;
  if (batch.length > 0) yield batch;
  options.onDigest?.(digest);
  if (parser.calls !== undefined) options.onCalls?.(parser.calls);
}

/** The reader of one file in `format`, reporting its fragments to `onFragment` in file order. */
export function createFragmentParser(
  format: InputFormat,
  file: string,
  maxRecordBytes: number,
  onFragment: (fragment: AclFragment) => void,
): FragmentParser {
  switch (format) {
    case "ndjson":
      return new NdjsonFragmentParser(file, maxRecordBytes, onFragment);
    case "json":
      return new JsonFragmentParser(file, maxRecordBytes, onFragment);
    case "csv":
      return new CsvFragmentParser(file, maxRecordBytes, onFragment);
    case "har":
      // Entries are held one at a time, whatever their size (a response body can be large): no record limit.
      return new HarFragmentParser(file, onFragment);
  }
}

/** The ACL file format of each file extension (lowercase); `.har` is told apart by {@link detectFormat}. */
export const FORMAT_OF_EXTENSION: Readonly<Record<string, InputFormat>> = {
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".json": "json",
  ".csv": "csv",
};

/**
 * The format of an input file from its extension (any case): `.ndjson` and `.jsonl` are NDJSON, `.json` is JSON,
 * `.csv` is CSV, `.har` is HAR.
 *
 * @throws InputError naming the file when the extension says nothing, telling the user to pass `--format`.
 */
export function detectFormat(path: string): InputFormat {
  const extension = extname(path).toLowerCase();
  // Not in FORMAT_OF_EXTENSION, which export also reads: HAR is an input only.
  const format = extension === ".har" ? "har" : FORMAT_OF_EXTENSION[extension];
  if (format === undefined) {
    throw new InputError(
      "cannot tell the format from the file name (.ndjson, .jsonl, .json, .csv or .har): pass --format ndjson, json, csv or har",
      { file: path },
    );
  }
  return format;
}
