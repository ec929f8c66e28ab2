import type { SearchEvent } from "../types/search-event.js";

/** What `search` returns: the events, and what the response said about the request. */
export interface SearchStream extends AsyncIterable<SearchEvent> {
  /**
   * The response's `X-Trace` header (the id of the request's trace on the instance), once the response has
   * arrived; set when the search asked for one with `trace: true` and the instance traces. Each iteration sends
   * a new request and sets it anew.
   */
  readonly trace: string | undefined;
}
