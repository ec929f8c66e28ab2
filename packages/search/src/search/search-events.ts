import { SourcegraphError } from "@sgkit/core";
import { IncompleteStreamError } from "../errors/incomplete-stream-error.js";
import { type ParseServerSentEventsOptions, parseServerSentEvents } from "../sse/parse-server-sent-events.js";
import type { SearchEvent } from "../types/search-event.js";

const KNOWN = new Set(["matches", "progress", "filters", "alert", "error", "done"]);

/**
 * Turns a streaming-search response body into typed events. It ends after `done` (cancelling the rest of the
 * body) and throws `IncompleteStreamError` when the body ends before `done`. An event name it does not know
 * becomes `{ type: "unknown" }`; a known event whose data is not JSON is a `SourcegraphError` (`data_loss`).
 */
export async function* searchEvents(
  body: ReadableStream<Uint8Array>,
  options: ParseServerSentEventsOptions = {},
): AsyncGenerator<SearchEvent, void, undefined> {
  let count = 0;
  for await (const { event, data } of parseServerSentEvents(body, options)) {
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
}

function parseOrRaw(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
