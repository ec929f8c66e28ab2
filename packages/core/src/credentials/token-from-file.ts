import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ConfigurationError } from "../errors.js";
import { normalizeToken } from "./token.js";

/**
 * Reads a token from a file, as mounted by Kubernetes or Docker secrets, trimmed (those files usually end in a
 * newline) and checked by {@link normalizeToken}. Node only.
 *
 * @param path - the file, as a path or a `file:` URL.
 * @throws ConfigurationError naming the path when the file cannot be read (with the OS error code, such as
 *   `ENOENT` or `EACCES`), is empty, or holds something that is not a token. The file's contents are never
 *   part of the error.
 */
export async function tokenFromFile(path: string | URL): Promise<string> {
  const shown = path instanceof URL ? fileURLToPath(path) : path;
  let contents: string;
  try {
    contents = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === "string" ? code : "unknown error";
    throw new ConfigurationError(`cannot read token file ${shown} (${reason})`, {
      setting: shown,
      cause: error,
    });
  }
  return normalizeToken(contents, shown);
}
