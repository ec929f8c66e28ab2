import type { SearchStream } from "./client.js";
import { IncompleteStreamError, StreamingSearchError } from "./errors.js";
import type { Alert, Filter, Progress, SearchEvent } from "./events.js";
import type { SearchMatch } from "./matches.js";

/** What a whole search returned. */
export interface SearchResults {
  /** Every match, in the order received. */
  matches: SearchMatch[];
  /** The last `progress` event, when there was one. */
  progress: Progress | undefined;
  /** The last `filters` event, or none. */
  filters: Filter[];
  /** Every `alert` event. */
  alerts: Alert[];
  /** The last `error` event's message, when there was one. */
  error?: string;
  /** The response's `X-Trace` header, when the stream came from `search` with `trace: true` and had one. */
  trace?: string;
  /**
   * False when the search stopped early: `progress.skipped` holds a timeout or limit reason (see
   * `isIncompleteReason`), an `error` event came, or the stream ended without `done`.
   */
  complete: boolean;
}

export interface CollectOptions {
  /** Throw `StreamingSearchError` (after `done`) when the stream had an `error` event. Default true. */
  throwOnError?: boolean;
}

/**
 * Reads a whole search stream: `matches` add up, `progress` and `filters` replace the previous, `alert`s add up,
 * `unknown` events are skipped. A stream from a `SearchClient` also gives its `trace`.
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

function addTrace(results: SearchResults, stream: AsyncIterable<SearchEvent> | SearchStream): void {
  const trace = "trace" in stream ? stream.trace : undefined;
  if (trace !== undefined) results.trace = trace;
}

/**
 * Whether a `progress.skipped` reason means the search stopped early (so "no results" may not be true): `display`,
 * and any reason naming a limit or a timeout, such as `document-match-limit`, `shard-match-limit`,
 * `repository-limit` and `shard-timeout`, including ones newer servers may add. Reasons that only describe what
 * was left out by design (`repository-fork`, `excluded-archive`, `repository-cloning`, `repository-missing`,
 * `backend-missing`) do not count.
 */
export function isIncompleteReason(reason: string): boolean {
  return reason === "display" || /(^|-)(limit|timeout)(-|$)/.test(reason);
}
