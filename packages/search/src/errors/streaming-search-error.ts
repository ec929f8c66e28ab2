import { SourcegraphError } from "@sgkit/core";
import type { SearchResults } from "../collect/search-results.js";

/** The server sent an `error` event (a failure inside the search; the HTTP status was still 200). */
export class StreamingSearchError extends SourcegraphError {
  static override readonly kind: string = "StreamingSearchError";
  override readonly name: string = "StreamingSearchError";
  /** Everything collected, `error` included. */
  readonly results: SearchResults;

  constructor(results: SearchResults) {
    super(`The search failed: ${results.error ?? "unknown error"}`, { code: "internal", isRetryable: false });
    this.results = results;
  }
}
