// The public API of @sgkit/core: what an application calls. Plumbing that sgkit's own packages share lives on
// the `@sgkit/core/internal` subpath, outside semver.

export {
  headersFromEnv,
  type LoadConfigOptions,
  loadConfig,
  type SourcegraphConfig,
} from "./config/load-config.js";
export { DEFAULT_ENDPOINT } from "./config/settings.js";
export {
  type Connection,
  type ConnectionInternals,
  type ConnectionOptions,
  createConnection,
  isConnection,
} from "./connection.js";
export type { ApiKind, Credentials, CredentialsContext } from "./credentials/credentials.js";
export {
  createOAuthCredentials,
  type OAuthCredentialsOptions,
  type OAuthRefreshFunction,
  type OAuthRefreshResult,
  type OAuthTokenSet,
  type RefreshTokenGrantOptions,
  type RefreshTokenGrantResult,
  refreshTokenGrant,
} from "./credentials/oauth.js";
export { createSudoCredentials, type SudoCredentialsOptions } from "./credentials/sudo.js";
export { createTokenCredentials, tokenFromEnv } from "./credentials/token.js";
export {
  AuthenticationError,
  ConfigurationError,
  type ErrorCode,
  type ErrorRequest,
  type ErrorResponse,
  NetworkError,
  OAuthRefreshError,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
  type SourcegraphErrorOptions,
  TimeoutError,
} from "./errors.js";
export type { DebugEvent, DebugHook } from "./http/debug.js";
export {
  createRetryBudget,
  type RetryBudget,
  type RetryBudgetOptions,
  type RetryOptions,
} from "./http/retry.js";
export { VERSION } from "./version.js";
