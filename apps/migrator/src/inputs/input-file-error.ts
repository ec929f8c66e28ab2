import { InputError } from "./input-error.js";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a parent of it is not a directory",
  ELOOP: "too many symbolic links",
};

/**
 * The {@link InputError} for a file that cannot be opened or read, naming the path and the OS error code
 * (`ENOENT`, `EISDIR`, `EACCES`) but not the OS message or a stack, which stay on `cause`.
 */
export function inputFileError(path: string, error: unknown): InputError {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? REASONS[code] : undefined;
  const reason = typeof code === "string" ? `${known ?? "cannot be read"} (${code})` : "cannot be read";
  return new InputError(`cannot read the file: ${reason}`, { file: path, cause: error });
}
