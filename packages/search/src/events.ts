import { SourcegraphError } from "@sgkit/core";
import { IncompleteStreamError } from "./errors.js";
import type { Open, SearchMatch } from "./matches.js";
import { type ParseServerSentEventsOptions, parseServerSentEvents } from "./sse.js";

/** Why part of a search was skipped. `reason` is an open string (see `isIncompleteReason`). */
export interface Skipped extends Open {
  reason: string;
  title: string;
  message: string;
  severity: string;
  suggested?: { title: string; queryExpression: string };
}

/** The state of the search so far; each one replaces the previous. */
export interface Progress extends Open {
  done: boolean;
  repositoriesCount?: number;
  matchCount: number;
  durationMs: number;
  skipped: Skipped[];
  trace?: string;
}

/** A suggested filter; older servers send `limitHit` instead of `exhaustive`. */
export interface Filter extends Open {
  value: string;
  label: string;
  count: number;
  exhaustive?: boolean;
  limitHit?: boolean;
  kind: string;
}

export interface ProposedQuery extends Open {
  description?: string;
  query: string;
  annotations?: Array<{ name: string; value: string }>;
}

/** A problem with the query (syntax, or a suggestion): not an error. */
export interface Alert extends Open {
  title: string;
  description?: string;
  kind?: string;
  proposedQueries: ProposedQuery[] | null;
}

/** An event of the search stream, told apart by `type`. */
export type SearchEvent =
  | { type: "matches"; data: SearchMatch[] }
  | { type: "progress"; data: Progress }
  | { type: "filters"; data: Filter[] }
  | { type: "alert"; data: Alert }
  | { type: "error"; data: { message: string } & Open }
  | { type: "done"; data: Open }
  /** An event name this version does not know; `data` is the parsed JSON, or the raw text when not JSON. */
  | { type: "unknown"; event: string; data: unknown };

/** What {@link searchEvents} reads with: the parser's limits, and the caller's signal. */
export interface SearchEventsOptions extends ParseServerSentEventsOptions {
  /** An abort ends the stream with the caller's reason, never as a cut stream. */
  signal?: AbortSignal | undefined;
}

const KNOWN = new Set(["matches", "progress", "filters", "alert", "error", "done"]);

/**
 * Turns a streaming-search response body into typed events. It ends after `done` (cancelling the rest of the
 * body) and throws `IncompleteStreamError` when the body ends before `done`, or breaks (a reset connection,
 * with the network error as its cause). An event name it does not know becomes `{ type: "unknown" }`; a known
 * event whose data is not JSON is a `SourcegraphError` (`data_loss`).
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
