import type { Alert, Filter, Progress } from "../types/search-event.js";
import type { SearchMatch } from "../types/search-match.js";

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
