import { SourcegraphError } from "@sgkit/core";
import { IncompleteStreamError } from "../errors/incomplete-stream-error.js";
import { type ParseServerSentEventsOptions, parseServerSentEvents } from "../sse/parse-server-sent-events.js";
import type { SearchEvent } from "../types/search-event.js";

/** What {@link searchEvents} reads with: the parser's limits, and the caller's signal. */
export interface SearchEventsOptions extends ParseServerSentEventsOptions {
  /** An abort ends the stream with the caller's reason, never as a cut stream. */
  signal?: AbortSignal | undefined;
}

const KNOWN = new Set(["matches", "progress", "filters", "alert", "error", "done"]);

/**
 * Turns a streaming-search response body into typed events. It ends after `done` (cancelling the rest of the
 * body) and throws `IncompleteStreamError` when the body ends before `done`, or breaks (a reset connection,
 * with the network error as its cause). An event name it does not know
 * becomes `{ type: "unknown" }`; a known event whose data is not JSON is a `SourcegraphError` (`data_loss`).
 */
export async function* searchEvents(
  body: ReadableStream<Uint8Array>,
  options: SearchEventsOptions = {},
): AsyncGenerator<SearchEvent, void, undefined> {
  let count = 0;
  const { signal, ...parseOptions } = options;
  const events = parseServerSentEvents(body, parseOptions)[Symbol.asyncIterator]();
  // Closing the parser cancels the body: after done, when the consumer breaks out, or on an error.
  try {
    for (;;) {
      let next: IteratorResult<{ event: string; data: string }>;
      try {
        next = await events.next();
      } catch (error) {
        // sgkit's own errors (an oversized event) and the caller's abort pass; a broken body is a cut stream.
        if (SourcegraphError.isInstance(error) || signal?.aborted) throw error;
        throw new IncompleteStreamError(count, undefined, error);
      }
      if (next.done) break;
      const { event, data } = next.value;
      count++;
      if (!KNOWN.has(event)) {
        yield { type: "unknown", event, data: parseOrRaw(data) };
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch (cause) {
        throw new SourcegraphError(`The search stream sent a ${event} event whose data is not JSON.`, {
          code: "data_loss",
          cause,
        });
      }
      const isArray = Array.isArray(parsed);
      if (
        (event === "matches" || event === "filters") !== isArray ||
        typeof parsed !== "object" ||
        parsed === null
      ) {
        throw new SourcegraphError(`The search stream sent a ${event} event of an unexpected shape.`, {
          code: "data_loss",
        });
      }
      yield { type: event, data: parsed } as SearchEvent;
      if (event === "done") return;
    }
    throw new IncompleteStreamError(count);
  } finally {
    await events.return?.();
  }
}

function parseOrRaw(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
