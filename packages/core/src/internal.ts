// @sgkit/core/internal: the plumbing sgkit's own packages share (the fetch every client is built on, retries,
// authorization, redaction). Not covered by semver: it changes with the packages that use it, so applications
// should import from `@sgkit/core` instead.

export { type ApiUrls, apiUrls, normalizeEndpoint, normalizeProxy } from "./config/settings.js";
export { type ConnectionFetchOptions, connectionFetch } from "./connection.js";
export {
  type AuthorizedRequest,
  authorizationHeader,
  fixedAuthorizationHeader,
  refreshAfterRejection,
} from "./credentials/credentials.js";
export { validateSudoUsername } from "./credentials/sudo.js";
export { normalizeToken } from "./credentials/token.js";
export { errorCodeFromHttpStatus } from "./errors.js";
export { errorFromResponse, type FailedRequest } from "./http/error-from-response.js";
export {
  createSourcegraphFetch,
  type SourcegraphFetch,
  type SourcegraphFetchOptions,
} from "./http/fetch.js";
export { isLoopbackHost } from "./http/insecure-http.js";
export type { SourcegraphRequestInit } from "./http/request.js";
export {
  abortableSleep,
  createRetryRunner,
  parseRetryAfter,
  type RetryCall,
  type RetryDecision,
  type RetryOutcome,
  type RetryRunner,
  type RetryRunnerOptions,
  responseAttempts,
} from "./http/retry.js";
export { mapConcurrent } from "./map-concurrent.js";
export {
  isSensitiveHeader,
  REDACTED,
  redactHeaders,
  redactText,
  redactUrl,
  registerSecret,
} from "./redaction.js";
