import { SourcegraphError, type SourcegraphErrorOptions } from "./sourcegraph-error.js";

/** The server refused the credentials (HTTP 401), or no usable credentials could be produced. */
export class AuthenticationError extends SourcegraphError {
  static override readonly kind: string = "AuthenticationError";
  override readonly name: string = "AuthenticationError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 401, ...options, code: "unauthenticated" });
  }
}
