export { mapConcurrent } from "./concurrency/map-concurrent.js";
export { type ApiUrls, apiUrls } from "./config/api-urls.js";
export { headersFromEnv } from "./config/headers-from-env.js";
export { type LoadConfigOptions, loadConfig, type SourcegraphConfig } from "./config/load-config.js";
export { DEFAULT_ENDPOINT, normalizeEndpoint } from "./config/normalize-endpoint.js";
export { normalizeProxy } from "./config/normalize-proxy.js";
export {
  type AuthorizedRequest,
  authorizationHeader,
  fixedAuthorizationHeader,
  refreshAfterRejection,
} from "./credentials/authorization-header.js";
export {
  createOAuthCredentials,
  type OAuthCredentialsOptions,
  type OAuthRefreshFunction,
} from "./credentials/create-oauth-credentials.js";
export { createSudoCredentials, type SudoCredentialsOptions } from "./credentials/create-sudo-credentials.js";
export { createTokenCredentials } from "./credentials/create-token-credentials.js";
export type { ApiKind, Credentials, CredentialsContext } from "./credentials/credentials.js";
export { normalizeToken } from "./credentials/normalize-token.js";
export type { OAuthRefreshResult, OAuthTokenSet } from "./credentials/oauth-token-set.js";
export {
  type RefreshTokenGrantOptions,
  type RefreshTokenGrantResult,
  refreshTokenGrant,
} from "./credentials/refresh-token-grant.js";
export { tokenFromEnv } from "./credentials/token-from-env.js";
export { validateSudoUsername } from "./credentials/validate-sudo-username.js";
export { AuthenticationError } from "./errors/authentication-error.js";
export { ConfigurationError } from "./errors/configuration-error.js";
export type { ErrorCode } from "./errors/error-code.js";
export { errorCodeFromHttpStatus } from "./errors/error-code.js";
export { NetworkError } from "./errors/network-error.js";
export { OAuthRefreshError } from "./errors/oauth-refresh-error.js";
export { PermissionDeniedError } from "./errors/permission-denied-error.js";
export { RateLimitedError } from "./errors/rate-limited-error.js";
export {
  type ErrorRequest,
  type ErrorResponse,
  SourcegraphError,
  type SourcegraphErrorOptions,
} from "./errors/sourcegraph-error.js";
export { TimeoutError } from "./errors/timeout-error.js";
export { abortableSleep } from "./http/abortable-sleep.js";
export {
  createRetryRunner,
  type RetryCall,
  type RetryDecision,
  type RetryOutcome,
  type RetryRunner,
  type RetryRunnerOptions,
} from "./http/create-retry-runner.js";
export {
  createSourcegraphFetch,
  type SourcegraphFetch,
  type SourcegraphFetchOptions,
} from "./http/create-sourcegraph-fetch.js";
export type { DebugEvent, DebugHook } from "./http/debug-event.js";
export { errorFromResponse, type FailedRequest } from "./http/error-from-response.js";
export { isLoopbackHost } from "./http/is-loopback-host.js";
export { parseRetryAfter } from "./http/parse-retry-after.js";
export { responseAttempts } from "./http/response-attempts.js";
export { createRetryBudget, type RetryBudget, type RetryBudgetOptions } from "./http/retry-budget.js";
export type { RetryOptions } from "./http/retry-options.js";
export type { SourcegraphRequestInit } from "./http/sourcegraph-request-init.js";
export { isSensitiveHeader, redactHeaders } from "./redaction/redact-headers.js";
export { REDACTED, redactText } from "./redaction/redact-text.js";
export { redactUrl } from "./redaction/redact-url.js";
export { registerSecret } from "./redaction/secret-registry.js";
export { VERSION } from "./version.js";
