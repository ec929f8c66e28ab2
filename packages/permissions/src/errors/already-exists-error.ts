import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/**
 * The resource to create exists already (Connect `already_exists`, HTTP 409): the user already has explicit
 * access to the repository. `grant` reads it as `"already-present"`, or as `"present-after-retry"` when
 * {@link AlreadyExistsError.attempts} is above 1.
 */
export class AlreadyExistsError extends SourcegraphError {
  static override readonly kind: string = "AlreadyExistsError";
  override readonly name: string = "AlreadyExistsError";
  /**
   * How many attempts the call took; 1 when it was not retried. Above 1, the permission may exist because an
   * earlier attempt of this very call was applied by the server and its answer lost, or because another writer
   * created it between the attempts: the answer cannot tell which.
   */
  readonly attempts: number;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { attempts?: number } = {}) {
    const { attempts = 1, ...rest } = options;
    super(message, { status: 409, isRetryable: false, ...rest, code: "already_exists" });
    this.attempts = Math.max(1, attempts);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), attempts: this.attempts };
  }
}
