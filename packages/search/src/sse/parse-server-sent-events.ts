import { ConfigurationError } from "@sgkit/core";
import { EventTooLargeError } from "../errors/event-too-large-error.js";

/** 64 MiB: the default bound on one event (its data lines and any unfinished line). */
export const DEFAULT_MAX_EVENT_SIZE = 64 * 1024 * 1024;

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

export interface ParseServerSentEventsOptions {
  /**
   * The largest event accepted, in UTF-16 code units of decoded text (bytes for ASCII JSON): its data lines
   * plus any line not yet finished. Past it the stream is cancelled with an `EventTooLargeError`. Default 64 MiB.
   */
  maxEventSize?: number;
}

const LF = 10;
const CR = 13;

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
  // TextDecoder's default (ignoreBOM: false) drops one leading BOM, as the standard's UTF-8 decode does.
  const decoder = new TextDecoder("utf-8");
  const parser = new ServerSentEventParser(maxEventSize);
  const ready: ServerSentEvent[] = [];
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      // The events completed before an oversized one are still delivered, then the error.
      let failure: unknown;
      try {
        parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }), ready);
      } catch (error) {
        failure = error;
      }
      for (let i = 0; i < ready.length; i++) yield ready[i] as ServerSentEvent;
      ready.length = 0;
      if (failure !== undefined) throw failure;
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The line-level state machine, fed decoded text in any pieces. */
export class ServerSentEventParser {
  private partial = "";
  private skipLeadingLf = false;
  private data: string[] = [];
  private size = 0;
  private eventType = "";
  private lastEventId = "";
  private retry: number | undefined;

  constructor(private readonly maxEventSize: number = DEFAULT_MAX_EVENT_SIZE) {}

  /** Parses `text`, pushing every event it completes onto `out`. */
  feed(text: string, out: ServerSentEvent[]): void {
    const n = text.length;
    let start = 0;
    if (this.skipLeadingLf && n > 0) {
      if (text.charCodeAt(0) === LF) start = 1;
      this.skipLeadingLf = false;
    }
    let nextLf = text.indexOf("\n", start);
    let nextCr = text.indexOf("\r", start);
    while (start < n) {
      if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf("\n", start);
      if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf("\r", start);
      let end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (end === -1) {
        this.partial += text.slice(start);
        if (this.size + this.partial.length > this.maxEventSize)
          throw new EventTooLargeError(this.maxEventSize);
        return;
      }
      let line = text.slice(start, end);
      if (this.partial.length > 0) {
        line = this.partial + line;
        this.partial = "";
      }
      this.line(line, out);
      if (text.charCodeAt(end) === CR) {
        if (end + 1 === n) this.skipLeadingLf = true;
        else if (text.charCodeAt(end + 1) === LF) end++;
      }
      start = end + 1;
    }
  }

  private line(line: string, out: ServerSentEvent[]): void {
    if (line.length === 0) {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(":");
    let field = line;
    let value = "";
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(line.charCodeAt(colon + 1) === 32 /* space */ ? colon + 2 : colon + 1);
    }
    switch (field) {
      case "data":
        this.size += value.length + 1;
        if (this.size > this.maxEventSize) throw new EventTooLargeError(this.maxEventSize);
        this.data.push(value);
        break;
      case "event":
        this.eventType = value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
      // Unknown fields are ignored.
    }
  }

  private dispatch(out: ServerSentEvent[]): void {
    if (this.data.length > 0) {
      const event: ServerSentEvent = {
        event: this.eventType || "message",
        data: this.data.join("\n"),
        lastEventId: this.lastEventId,
      };
      if (this.retry !== undefined) event.retry = this.retry;
      out.push(event);
    }
    this.data = [];
    this.size = 0;
    this.eventType = "";
    this.retry = undefined;
  }
}
