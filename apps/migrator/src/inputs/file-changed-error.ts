import { InputError } from "./input-error.js";

/**
 * The {@link InputError} for a file whose bytes differ from what the first pass read: the records already
 * taken from it cannot be trusted, so the whole run must start again from the scan.
 */
export function fileChangedError(path: string, detail: string, cause?: unknown): InputError {
  return new InputError(`the file changed since it was scanned (${detail}): run the command again`, {
    file: path,
    cause,
  });
}
