import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/**
 * The server has no such resource (Connect `not_found`, HTTP 404): the user has no explicit permission on the
 * repository, or the repository or user does not exist. `revoke` reads it as `"already-absent"`, or as
 * `"absent-after-retry"` when {@link NotFoundError.attempts} is above 1.
 */
export class NotFoundError extends SourcegraphError {
  static override readonly kind: string = "NotFoundError";
  override readonly name: string = "NotFoundError";
  /**
   * How many attempts the call took; 1 when it was not retried. Above 1, after a Delete, the permission may be
   * gone because an earlier attempt of this very call was applied by the server and its answer lost, or because
   * another writer deleted it between the attempts: the answer cannot tell which.
   */
  readonly attempts: number;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { attempts?: number } = {}) {
    const { attempts = 1, ...rest } = options;
    super(message, { status: 404, isRetryable: false, ...rest, code: "not_found" });
    this.attempts = Math.max(1, attempts);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), attempts: this.attempts };
  }
}
