export type { ApiKind, Credentials, CredentialsContext } from "./credentials/credentials.js";
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
export type { DebugEvent, DebugHook } from "./http/debug-event.js";
export { isSensitiveHeader, redactHeaders } from "./redaction/redact-headers.js";
export { REDACTED, redactText } from "./redaction/redact-text.js";
export { redactUrl } from "./redaction/redact-url.js";
export { registerSecret } from "./redaction/secret-registry.js";
export { VERSION } from "./version.js";
