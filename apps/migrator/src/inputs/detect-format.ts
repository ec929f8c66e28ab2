import { extname } from "node:path";
import { InputError } from "./input-error.js";
import type { InputFormat } from "./input-types.js";

const FORMATS: Readonly<Record<string, InputFormat>> = {
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".json": "json",
  ".csv": "csv",
};

/**
 * The format of an ACL file from its extension (any case): `.ndjson` and `.jsonl` are NDJSON, `.json` is JSON,
 * `.csv` is CSV.
 *
 * @throws InputError naming the file when the extension says nothing, telling the user to pass `--format`.
 */
export function detectFormat(path: string): InputFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new InputError(
      "cannot tell the format from the file name (.ndjson, .jsonl, .json or .csv): pass --format ndjson, json or csv",
      { file: path },
    );
  }
  return format;
}
