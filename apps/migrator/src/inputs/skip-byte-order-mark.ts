import { InputError } from "./input-error.js";

/**
 * A file's first chunk without its UTF-8 byte order mark (Excel and Notepad write one). A UTF-16 mark is
 * refused with a hint, as its text would otherwise show up as invalid UTF-8 or NUL bytes.
 */
export function skipByteOrderMark(firstChunk: Uint8Array, file: string): Uint8Array {
  const [a, b, c] = firstChunk;
  if (a === 0xef && b === 0xbb && c === 0xbf) return firstChunk.subarray(3);
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    throw new InputError("the file is UTF-16 text: save it as UTF-8", { file, line: 1 });
  }
  return firstChunk;
}
