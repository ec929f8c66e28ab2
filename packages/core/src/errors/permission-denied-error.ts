import { SourcegraphError, type SourcegraphErrorOptions } from "./sourcegraph-error.js";

/** The credentials are valid but may not do this (HTTP 403): a missing scope, site-admin right or sudo permission. */
export class PermissionDeniedError extends SourcegraphError {
  static override readonly kind: string = "PermissionDeniedError";
  override readonly name: string = "PermissionDeniedError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 403, ...options, code: "permission_denied" });
  }
}
