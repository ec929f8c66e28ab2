import { ConfigurationError } from "@sgkit/core";
import type { ServerSentEvent } from "./server-sent-event.js";
import { DEFAULT_MAX_EVENT_SIZE, ServerSentEventParser } from "./server-sent-event-parser.js";

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
