import { ConfigurationError } from "@sgkit/core";
import { EventTooLargeError } from "./errors.js";

/** One dispatched server-sent event, as the WHATWG rules define it. */
export interface ServerSentEvent {
  /** The `event:` field, or `"message"` when the event had none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen so far in the stream (it carries over between events), or `""`. */
  lastEventId: string;
  /** The `retry:` field of this event, in milliseconds, when it had a valid one. */
  retry?: number;
}

/** 64 MiB: the default bound on one event (its data lines and any unfinished line), in bytes. */
export const DEFAULT_MAX_EVENT_SIZE = 64 * 1024 * 1024;

export interface ParseServerSentEventsOptions {
  /**
   * The largest event accepted, in bytes: its data lines plus any line not yet finished. Past it the stream is
   * cancelled with an `EventTooLargeError`. Default 64 MiB.
   */
  maxEventSize?: number;
}

/**
 * Parses a byte stream of server-sent events (`text/event-stream`) per the WHATWG HTML standard: UTF-8 with an
 * optional leading BOM, LF, CRLF or CR line ends (a CR at the end of one chunk and an LF at the start of the
 * next are one line end), several `data:` lines joined with `\n`, `:` comments, `event`, `id` and `retry`
 * fields, unknown fields ignored, and an unterminated last event discarded.
 *
 * The iterator pulls: it reads the next chunk only when asked for the next event, so memory is bounded by the
 * largest event and one chunk, not the stream's length. Stopping the iteration early (`break`) or an error
 * cancels the stream.
 */
export async function* parseServerSentEvents(
  stream: ReadableStream<Uint8Array>,
  options: ParseServerSentEventsOptions = {},
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  if (!(Number.isSafeInteger(maxEventSize) && maxEventSize > 0)) {
    throw new ConfigurationError("maxEventSize must be a positive whole number.", {
      setting: "maxEventSize",
    });
  }
  const reader = stream.getReader();
  const parser = new ServerSentEventParser(maxEventSize);
  const ready: ServerSentEvent[] = [];
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      // A line not ended by then is dropped, with its event, as the standard says.
      if (done) {
        finished = true;
        return;
      }
      // The events completed before an oversized one are still delivered, then the error.
      let failure: unknown;
      try {
        parser.feed(value, ready);
      } catch (error) {
        failure = error;
      }
      for (let i = 0; i < ready.length; i++) yield ready[i] as ServerSentEvent;
      ready.length = 0;
      if (failure !== undefined) throw failure;
    }
  } finally {
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
// A partial-line buffer grown past this is dropped after use, so one huge event does not pin its memory.
const KEEP_BUFFER_BYTES = 1024 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * The WHATWG line-level state machine over UTF-8 bytes, fed chunks in any pieces: LF, CR or CRLF line ends (a CR
 * at the end of one chunk and an LF at the start of the next are one line end), one BOM dropped at the very
 * start, `:` comments, `data` lines joined with `\n`, `event`, `id` and `retry` fields, unknown fields ignored.
 *
 * It finds line ends in the bytes (see {@link byteSearchView}) and decodes each field's value once; a line split
 * across chunks is gathered as bytes, in one buffer kept from line to line, before it is read. A line end is
 * always a character boundary in UTF-8, so a character split across chunks needs no special case. Why bytes and
 * not decoded chunks: bench/README.md.
 */
export class ServerSentEventParser {
  // ignoreBOM keeps a BOM inside a value: only the stream's leading one is dropped, by `line`.
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  private pending: Uint8Array = EMPTY;
  private pendingLength = 0;
  private atStreamStart = true;
  private skipLeadingLf = false;
  private data = "";
  private dataLines = 0;
  private size = 0;
  private eventType = "";
  private lastEventId = "";
  private retry: number | undefined;

  /** `maxEventSize`: the largest event, in bytes of its data lines plus any unfinished line. */
  constructor(private readonly maxEventSize: number = DEFAULT_MAX_EVENT_SIZE) {}

  /**
   * Parses `chunk`, pushing every event it completes onto `out`. The parser keeps no reference to `chunk`.
   *
   * @throws {EventTooLargeError} when an event grows past the maximum size (the events completed before it in
   *   this chunk are on `out` already).
   */
  feed(chunk: Uint8Array, out: ServerSentEvent[]): void {
    const bytes = byteSearchView(chunk);
    const n = bytes.length;
    let start = 0;
    if (this.skipLeadingLf && n > 0) {
      if (bytes[0] === LF) start = 1;
      this.skipLeadingLf = false;
    }
    // The next CR at or after `start`, or -1 once the rest of the chunk has none.
    let nextCr = bytes.indexOf(CR, start);
    while (start < n) {
      if (nextCr !== -1 && nextCr < start) nextCr = bytes.indexOf(CR, start);
      const nextLf = bytes.indexOf(LF, start);
      const end = nextLf === -1 ? nextCr : nextCr === -1 || nextLf < nextCr ? nextLf : nextCr;
      if (end === -1) {
        this.append(bytes, start, n);
        return;
      }
      if (this.pendingLength > 0) {
        this.append(bytes, start, end);
        const line = this.pending;
        const length = this.pendingLength;
        this.pendingLength = 0;
        if (line.length > KEEP_BUFFER_BYTES) this.pending = EMPTY;
        this.line(line, 0, length, out);
      } else {
        this.line(bytes, start, end, out);
      }
      start = end + 1;
      if (bytes[end] === CR) {
        if (start === n) this.skipLeadingLf = true;
        else if (bytes[start] === LF) start++;
      }
    }
  }

  /** Keeps `bytes[from, to)`, the start of a line that continues in a later chunk. */
  private append(bytes: Uint8Array, from: number, to: number): void {
    const length = this.pendingLength + (to - from);
    if (this.size + length > this.maxEventSize) throw new EventTooLargeError(this.maxEventSize);
    if (length > this.pending.length) {
      const grown = new Uint8Array(
        Math.min(Math.max(length, this.pending.length * 2, 4096), this.maxEventSize),
      );
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(bytes.subarray(from, to), this.pendingLength);
    this.pendingLength = length;
  }

  /** The line `bytes[start, end)`. */
  private line(bytes: Uint8Array, start: number, end: number, out: ServerSentEvent[]): void {
    if (this.atStreamStart) {
      this.atStreamStart = false;
      if (
        end - start >= 3 &&
        bytes[start] === 0xef &&
        bytes[start + 1] === 0xbb &&
        bytes[start + 2] === 0xbf
      ) {
        start += 3;
      }
    }
    if (start === end) {
      this.dispatch(out);
      return;
    }
    if (bytes[start] === COLON) return;
    let colon = start;
    while (colon < end && bytes[colon] !== COLON) colon++;
    let valueStart = colon + 1;
    if (valueStart < end && bytes[valueStart] === SPACE) valueStart++;
    if (valueStart > end) valueStart = end;
    const fieldLength = colon - start;
    if (fieldLength === 4 && isWord(bytes, start, "data")) {
      this.size += end - valueStart + 1;
      if (this.size > this.maxEventSize) throw new EventTooLargeError(this.maxEventSize);
      const value = this.text(bytes, valueStart, end);
      this.data = this.dataLines === 0 ? value : `${this.data}\n${value}`;
      this.dataLines++;
    } else if (fieldLength === 5 && isWord(bytes, start, "event")) {
      this.eventType = this.text(bytes, valueStart, end);
    } else if (fieldLength === 2 && isWord(bytes, start, "id")) {
      const id = this.text(bytes, valueStart, end);
      if (!id.includes("\0")) this.lastEventId = id;
    } else if (fieldLength === 5 && isWord(bytes, start, "retry")) {
      const value = this.text(bytes, valueStart, end);
      if (/^[0-9]+$/.test(value)) this.retry = Number(value);
    }
    // Any other field is ignored.
  }

  private text(bytes: Uint8Array, from: number, to: number): string {
    return from === to ? "" : this.decoder.decode(bytes.subarray(from, to));
  }

  private dispatch(out: ServerSentEvent[]): void {
    if (this.dataLines > 0) {
      const event: ServerSentEvent = {
        event: this.eventType || "message",
        data: this.data,
        lastEventId: this.lastEventId,
      };
      if (this.retry !== undefined) event.retry = this.retry;
      out.push(event);
    }
    this.data = "";
    this.dataLines = 0;
    this.size = 0;
    this.eventType = "";
    this.retry = undefined;
  }
}

function isWord(bytes: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** Node's Buffer, as far as it is used here. */
interface BufferConstructorLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array;
}

/**
 * The view of `bytes` the parser searches for line ends: where the runtime has Node's `Buffer` (Node, Bun,
 * Deno), a Buffer over the same memory, whose `indexOf` is the C library's `memchr` (why: bench/README.md);
 * elsewhere `bytes` itself. No copy either way. Looked up at each call, so a runtime without `Buffer` (a
 * browser) takes the plain path.
 */
export function byteSearchView(bytes: Uint8Array): Uint8Array {
  const buffer = (globalThis as { Buffer?: BufferConstructorLike }).Buffer;
  return buffer ? buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}
