import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/**
 * The server has no such resource (Connect `not_found`, HTTP 404): the user has no explicit permission on the
 * repository, or the repository or user does not exist. `revoke` reads it as "already revoked".
 */
export class NotFoundError extends SourcegraphError {
  static override readonly kind: string = "NotFoundError";
  override readonly name: string = "NotFoundError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 404, isRetryable: false, ...options, code: "not_found" });
  }
}
