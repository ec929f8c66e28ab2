import { SourcegraphError, type SourcegraphErrorOptions } from "./sourcegraph-error.js";

/** The request took longer than its timeout and was aborted. Retryable. */
export class TimeoutError extends SourcegraphError {
  static override readonly kind: string = "TimeoutError";
  override readonly name: string = "TimeoutError";
  readonly timeoutMs: number | undefined;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { timeoutMs?: number } = {}) {
    super(message, { isRetryable: true, ...options, code: "deadline_exceeded" });
    this.timeoutMs = options.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}
