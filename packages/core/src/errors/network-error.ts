import { SourcegraphError, type SourcegraphErrorOptions } from "./sourcegraph-error.js";

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS failure. Retryable. */
export class NetworkError extends SourcegraphError {
  static override readonly kind: string = "NetworkError";
  override readonly name: string = "NetworkError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { isRetryable: true, ...options, code: "unavailable" });
  }
}
