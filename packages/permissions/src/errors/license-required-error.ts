import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/**
 * The instance's license lacks the "Explicit Permissions API" feature, without which every call of this API
 * fails with `failed_precondition`. Not retryable: only a license change on the instance fixes it.
 */
export class LicenseRequiredError extends SourcegraphError {
  static override readonly kind: string = "LicenseRequiredError";
  override readonly name: string = "LicenseRequiredError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 400, isRetryable: false, ...options, code: "failed_precondition" });
  }
}
