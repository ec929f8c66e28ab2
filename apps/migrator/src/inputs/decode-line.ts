import { InputError } from "./input-error.js";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * One line's bytes as text, refusing what is not text: a NUL byte or invalid UTF-8 is an {@link InputError}
 * at that line (a line feed never occurs inside a UTF-8 sequence, so lines can be checked one at a time).
 */
export function decodeLine(bytes: Uint8Array, file: string, line: number): string {
  if (bytes.includes(0)) throw new InputError("NUL byte: this is not a text file", { file, line });
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw new InputError("invalid UTF-8: this is not a UTF-8 text file", { file, line, cause: error });
  }
}
