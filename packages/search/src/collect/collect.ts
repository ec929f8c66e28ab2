import { IncompleteStreamError } from "../errors/incomplete-stream-error.js";
import { StreamingSearchError } from "../errors/streaming-search-error.js";
import { type SearchOptions, search } from "../search/search.js";
import type { SearchStream } from "../search/search-stream.js";
import type { SearchEvent } from "../types/search-event.js";
import { isIncompleteReason } from "./is-incomplete-reason.js";
import type { SearchResults } from "./search-results.js";

export interface CollectOptions {
  /** Throw `StreamingSearchError` (after `done`) when the stream had an `error` event. Default true. */
  throwOnError?: boolean;
}

/**
 * Reads a whole search stream: `matches` add up, `progress` and `filters` replace the previous, `alert`s add up,
 * `unknown` events are skipped. A stream from `search` also gives its `trace`.
 *
 * @throws {StreamingSearchError} after `done` when an `error` event came (unless `throwOnError: false`).
 * @throws {IncompleteStreamError} with `partial` results when the stream ended without `done`.
 */
export async function collect(
  stream: AsyncIterable<SearchEvent> | SearchStream,
  options: CollectOptions = {},
): Promise<SearchResults> {
  const results: SearchResults = {
    matches: [],
    progress: undefined,
    filters: [],
    alerts: [],
    complete: true,
  };
  try {
    for await (const event of stream) {
      switch (event.type) {
        case "matches":
          for (const match of event.data) results.matches.push(match);
          break;
        case "progress":
          results.progress = event.data;
          break;
        case "filters":
          results.filters = event.data;
          break;
        case "alert":
          results.alerts.push(event.data);
          break;
        case "error":
          results.error = event.data.message;
          break;
        default:
      }
    }
  } catch (error) {
    addTrace(results, stream);
    if (error instanceof IncompleteStreamError && error.partial === undefined) {
      results.complete = false;
      throw new IncompleteStreamError(error.eventCount, results, error.cause);
    }
    throw error;
  }
  addTrace(results, stream);
  results.complete =
    results.error === undefined &&
    !(results.progress?.skipped ?? []).some((skipped) => isIncompleteReason(skipped.reason));
  if (results.error !== undefined && (options.throwOnError ?? true)) throw new StreamingSearchError(results);
  return results;
}

/** `collect(search(query, options), options)`. */
export function searchAll(query: string, options: SearchOptions & CollectOptions): Promise<SearchResults> {
  return collect(search(query, options), options);
}

function addTrace(results: SearchResults, stream: AsyncIterable<SearchEvent> | SearchStream): void {
  const trace = "trace" in stream ? stream.trace : undefined;
  if (trace !== undefined) results.trace = trace;
}
