import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/**
 * The server answered, but the object an operation needs does not exist or the viewer cannot see it (Sourcegraph
 * does not tell the two apart): for example the repository whose authorized users are listed.
 */
export class NotFoundError extends SourcegraphError {
  static override readonly kind: string = "NotFoundError";
  override readonly name: string = "NotFoundError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { isRetryable: false, ...options, code: "not_found" });
  }
}
