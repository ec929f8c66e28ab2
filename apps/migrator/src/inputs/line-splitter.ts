import { tooLongError } from "./too-long-error.js";

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
