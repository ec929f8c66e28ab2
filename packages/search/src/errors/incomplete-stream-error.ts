import { SourcegraphError } from "@sgkit/core";
import type { SearchResults } from "../collect/search-results.js";

/**
 * The search stream ended without its `done` event (a cut connection, a proxy timeout). Retryable. The events
 * before the cut were yielded already; from `collect`/`searchAll` the error also carries them as `partial`.
 */
export class IncompleteStreamError extends SourcegraphError {
  static override readonly kind: string = "IncompleteStreamError";
  override readonly name: string = "IncompleteStreamError";
  /** How many events arrived before the stream ended. */
  readonly eventCount: number;
  /** The results collected before the stream ended (set by `collect` and `searchAll`). */
  readonly partial: SearchResults | undefined;

  /** `cause`: what cut the stream (a reset connection), when it did not just end. */
  constructor(eventCount: number, partial?: SearchResults, cause?: unknown) {
    super(`The search stream ended without a done event, after ${eventCount} events; results are partial.`, {
      code: "unavailable",
      isRetryable: true,
      ...(cause === undefined ? {} : { cause }),
    });
    this.eventCount = eventCount;
    this.partial = partial;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), eventCount: this.eventCount, partialMatches: this.partial?.matches.length };
  }
}
