import type { DebugHook } from "../http/debug-event.js";

/**
 * The Sourcegraph API a request goes to. Each wants its own `Authorization` form: GraphQL and streaming search
 * take `token <t>` (and `token-sudo`), the `/api/` HTTP API takes only `Bearer <t>`.
 */
export type ApiKind = "graphql" | "search" | "http-api";

/** What a credentials strategy may use while producing a header: where to report refreshes, and the caller's signal. */
export interface CredentialsContext {
  onDebug?: DebugHook;
  signal?: AbortSignal;
}

/**
 * An authentication strategy, in the manner of Octokit's: it knows how to produce the `Authorization` header for
 * each API and, for OAuth, how to refresh. The HTTP layer asks it for a header before every attempt, and after
 * a 401 asks it once to refresh; only `createTokenCredentials`' value, which never changes, is sent without
 * asking.
 */
export interface Credentials {
  readonly type: "token" | "sudo" | "oauth";
  /**
   * The `Authorization` header value for `api`. Rejects with a `ConfigurationError` when these credentials have
   * no form for that API (sudo on the `/api/` HTTP API), and with an `OAuthRefreshError` when a due refresh fails.
   */
  authorization(api: ApiKind, context?: CredentialsContext): Promise<string>;
  /**
   * Called once after the server answered 401 to a request sent with `rejected` as its `Authorization` value.
   * Resolves true when the request is worth one retry with a fresh `authorization()`: a refresh happened (or
   * another request's refresh already replaced the rejected token), false when there is no way to refresh.
   * Absent for credentials that never refresh.
   */
  refresh?(rejected: string, context?: CredentialsContext): Promise<boolean>;
}
