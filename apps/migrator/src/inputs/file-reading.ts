import { type FileHandle, open } from "node:fs/promises";
import { InputError, inputFileError, tooLongError } from "./input-error.js";

// Reading an input file: its bytes in chunks, without a byte order mark, cut into lines of checked UTF-8 text.

/** Bytes read at a time: large enough to keep the reads cheap, small enough to bound what one step holds. */
export const CHUNK_BYTES = 128 * 1024;

/**
 * Reads a file as a stream of fresh chunks, each full except the last, so a caller never holds more than one
 * chunk of it. Checks `signal` before every read, and closes the file when the caller stops early.
 *
 * @throws InputError naming the path when it cannot be opened or read (`ENOENT`, `EISDIR`, `EACCES`).
 */
export async function* readFileChunks(
  path: string,
  signal?: AbortSignal,
  chunkBytes: number = CHUNK_BYTES,
): AsyncGenerator<Uint8Array, void, undefined> {
  signal?.throwIfAborted();
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw inputFileError(path, error);
  }
  try {
    for (;;) {
      const chunk = new Uint8Array(chunkBytes);
      let filled = 0;
      // A pipe may answer a read with fewer bytes than asked: only a read of nothing means the end.
      while (filled < chunkBytes) {
        signal?.throwIfAborted();
        let bytesRead: number;
        try {
          ({ bytesRead } = await handle.read(chunk, filled, chunkBytes - filled, null));
        } catch (error) {
          throw inputFileError(path, error);
        }
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > 0) yield chunk.subarray(0, filled);
      if (filled < chunkBytes) return;
    }
  } finally {
    await handle.close();
  }
}

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

/** What a {@link LineSplitter} reports to, and the limit it applies. */
export interface LineSplitterOptions {
  readonly file: string;
  /** A longer line (without its line feed) is refused as soon as it grows past this, never buffered whole. */
  readonly maxLineBytes: number;
  /**
   * Called with each line's bytes (without the line feed; a CRLF line keeps its `\r`) and its 1-based number.
   * The bytes may be a view of the current chunk: read them before returning.
   */
  readonly onLine: (bytes: Uint8Array, line: number) => void;
}

/** Cuts a stream of byte chunks into lines at line feeds, holding only the unfinished line between chunks. */
export class LineSplitter {
  readonly #options: LineSplitterOptions;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #line = 1;

  constructor(options: LineSplitterOptions) {
    this.#options = options;
  }

  /** Reports every line that `chunk` completes. */
  push(chunk: Uint8Array): void {
    const { file, maxLineBytes, onLine } = this.#options;
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      if (this.#pendingBytes + piece.length > maxLineBytes) {
        throw tooLongError("line", file, this.#line, maxLineBytes);
      }
      if (end === -1) {
        if (piece.length > 0) {
          this.#pending.push(piece.slice());
          this.#pendingBytes += piece.length;
        }
        return;
      }
      onLine(this.#takePending(piece), this.#line);
      this.#line += 1;
      start = end + 1;
    }
  }

  /** Reports the last line when the stream does not end with a line feed. */
  end(): void {
    if (this.#pendingBytes > 0) this.#options.onLine(this.#takePending(new Uint8Array(0)), this.#line);
  }

  #takePending(last: Uint8Array): Uint8Array {
    if (this.#pending.length === 0) return last;
    const line = Buffer.concat([...this.#pending, last], this.#pendingBytes + last.length);
    this.#pending = [];
    this.#pendingBytes = 0;
    return line;
  }
}

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
