import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/**
 * The resource to create exists already (Connect `already_exists`, HTTP 409): the user already has explicit
 * access to the repository. `grant` reads it as "already granted".
 */
export class AlreadyExistsError extends SourcegraphError {
  static override readonly kind: string = "AlreadyExistsError";
  override readonly name: string = "AlreadyExistsError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 409, isRetryable: false, ...options, code: "already_exists" });
  }
}
