import { SourcegraphError, type SourcegraphErrorOptions } from "./sourcegraph-error.js";

/** The server is rate limiting this client (HTTP 429). `retryAfterMs` is how long it asked us to wait, if it said. */
export class RateLimitedError extends SourcegraphError {
  static override readonly kind: string = "RateLimitedError";
  override readonly name: string = "RateLimitedError";
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: Omit<SourcegraphErrorOptions, "code"> & { retryAfterMs?: number } = {},
  ) {
    super(message, { status: 429, ...options, code: "resource_exhausted" });
    this.retryAfterMs = options.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
