import { AuthenticationError } from "./authentication-error.js";
import type { SourcegraphErrorOptions } from "./sourcegraph-error.js";

/** Refreshing an OAuth access token failed: the refresh function threw, or the token endpoint said no. */
export class OAuthRefreshError extends AuthenticationError {
  static override readonly kind: string = "OAuthRefreshError";
  override readonly name: string = "OAuthRefreshError";
  /** The OAuth `error` code from the token endpoint (`invalid_grant`, …), when it sent one. */
  readonly oauthError: string | undefined;

  constructor(
    message: string,
    options: Omit<SourcegraphErrorOptions, "code"> & { oauthError?: string } = {},
  ) {
    // A refresh fails for many reasons (400 invalid_grant, a network error), so no status is assumed.
    super(message, { status: undefined, ...options });
    this.oauthError = options.oauthError;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), oauthError: this.oauthError };
  }
}
