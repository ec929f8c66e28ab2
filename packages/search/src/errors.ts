import { SourcegraphError } from "@sgkit/core";
import type { SearchResults } from "./collect.js";

/** A server-sent event grew past the parser's `maxEventSize` before its blank line; the stream was cancelled. */
export class EventTooLargeError extends SourcegraphError {
  static override readonly kind: string = "EventTooLargeError";
  override readonly name: string = "EventTooLargeError";
  /** The limit that was exceeded, in bytes. */
  readonly maxEventSize: number;

  constructor(maxEventSize: number) {
    super(
      `A server-sent event exceeded the maximum size of ${maxEventSize} bytes; raise maxEventSize to accept it.`,
      { code: "resource_exhausted", isRetryable: false },
    );
    this.maxEventSize = maxEventSize;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxEventSize: this.maxEventSize };
  }
}

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
