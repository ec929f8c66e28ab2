import type { HeadersInput } from "./http/request.js";
import { redactAndClip, redactHeaders, redactText, redactUrl } from "./redaction.js";

/**
 * The error vocabulary shared by every sgkit client: Connect's codes, so that errors of the HTTP API map one to
 * one and errors of GraphQL, streaming search and plain HTTP are named in the same words.
 */
export type ErrorCode =
  | "canceled"
  | "unknown"
  | "invalid_argument"
  | "deadline_exceeded"
  | "not_found"
  | "already_exists"
  | "permission_denied"
  | "resource_exhausted"
  | "failed_precondition"
  | "aborted"
  | "out_of_range"
  | "unimplemented"
  | "internal"
  | "unavailable"
  | "data_loss"
  | "unauthenticated";

/** The brand every sgkit error carries: the kinds in its class chain, so `instanceof` works across duplicate installs. */
const KINDS = Symbol.for("@sgkit/core/error-kinds");
/** Response bodies are kept for diagnosis, not archived: a proxy's HTML error page can be large. */
const MAX_BODY_LENGTH = 4096;

/** The request an error is about, as a redacted copy: no credential ever appears in it. */
export interface ErrorRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** The response an error is about, as a redacted copy, with at most 4 KiB of its body. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** What every sgkit error is built from. Strings and headers are redacted by the constructor. */
export interface SourcegraphErrorOptions {
  code: ErrorCode;
  status?: number;
  request?: { method: string; url: string | URL; headers?: HeadersInput };
  response?: { status: number; headers?: HeadersInput; body?: string };
  cause?: unknown;
  /** Defaults by code: unavailable, deadline_exceeded and resource_exhausted are worth retrying. */
  isRetryable?: boolean;
}

const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  "unavailable",
  "deadline_exceeded",
  "resource_exhausted",
]);

/**
 * The base of every error sgkit throws. It keeps the status, code, method, URL and request id of the failed
 * call, and copies of the request and response with credentials redacted, so it can be logged, serialized
 * or inspected without leaking a token.
 *
 * `instanceof SourcegraphError` (and of each subclass) holds across duplicate installs of `@sgkit/core`.
 */
export class SourcegraphError extends Error {
  /** The stable name of this class in the error family; subclasses set their own. */
  static readonly kind: string = "SourcegraphError";

  override readonly name: string = "SourcegraphError";
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** The server's request id (`X-Request-Id`) or trace id (`X-Trace`), when it sent one. */
  readonly requestId: string | undefined;
  readonly isRetryable: boolean;
  readonly request: ErrorRequest | undefined;
  readonly response: ErrorResponse | undefined;
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options: SourcegraphErrorOptions) {
    super(
      redactText(message),
      options.cause === undefined ? undefined : { cause: redactedCopy(options.cause) },
    );
    this.code = options.code;
    this.status = options.status ?? options.response?.status;
    this.isRetryable = options.isRetryable ?? RETRYABLE_CODES.has(options.code);
    if (options.request) {
      this.request = {
        method: options.request.method,
        url: redactUrl(options.request.url),
        headers: redactHeaders(options.request.headers),
      };
    }
    if (options.response) {
      const headers = redactHeaders(options.response.headers);
      this.response = { status: options.response.status, headers };
      if (options.response.body !== undefined) {
        // Redacted before it is cut: a cut inside a secret would leave its start unrecognisable, and printed.
        this.response.body = redactAndClip(options.response.body, MAX_BODY_LENGTH, { ellipsis: "" });
      }
    }
    this.method = this.request?.method;
    this.url = this.request?.url;
    this.requestId = this.response?.headers["x-request-id"] ?? this.response?.headers["x-trace"];
    Object.defineProperty(this, KINDS, { value: kindsOf(new.target), enumerable: false });
  }

  /** True for any sgkit error, from this copy of `@sgkit/core` or another. */
  static isInstance(value: unknown): value is SourcegraphError {
    return hasKind(value, SourcegraphError.kind);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`, a subclass too.
    return hasKind(value, this.kind);
  }

  /** A plain, redacted object for JSON logs and reports. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      status: this.status,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      isRetryable: this.isRetryable,
      ...(this.cause === undefined ? {} : { cause: serializeCause(this.cause) }),
    };
  }
}

/**
 * sgkit was set up wrongly and refused before sending anything: a bad endpoint or environment variable, an
 * empty token, a sudo username that would make an injectable header, a token about to go over plain HTTP.
 * The message names the setting at fault (an environment variable, an option, a file).
 */
export class ConfigurationError extends SourcegraphError {
  static override readonly kind: string = "ConfigurationError";
  override readonly name: string = "ConfigurationError";
  /** The setting at fault: `SRC_ENDPOINT`, `options.credentials`, a file path. */
  readonly setting: string | undefined;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { setting?: string } = {}) {
    super(message, { isRetryable: false, ...options, code: "invalid_argument" });
    this.setting = options.setting;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), setting: this.setting };
  }
}

/** The server refused the credentials (HTTP 401), or no usable credentials could be produced. */
export class AuthenticationError extends SourcegraphError {
  static override readonly kind: string = "AuthenticationError";
  override readonly name: string = "AuthenticationError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 401, ...options, code: "unauthenticated" });
  }
}

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

/** The credentials are valid but may not do this (HTTP 403): a missing scope, site-admin right or sudo permission. */
export class PermissionDeniedError extends SourcegraphError {
  static override readonly kind: string = "PermissionDeniedError";
  override readonly name: string = "PermissionDeniedError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { status: 403, ...options, code: "permission_denied" });
  }
}

/** The server is rate limiting this client (HTTP 429). `retryAfterMs` is how long it asked us to wait, if it said. */
export class RateLimitedError extends SourcegraphError {
  static override readonly kind: string = "RateLimitedError";
  override readonly name: string = "RateLimitedError";
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: Omit<SourcegraphErrorOptions, "code"> & { retryAfterMs?: number } = {},
  ) {
    super(message, { status: 429, ...options, code: "resource_exhausted" });
    this.retryAfterMs = options.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS failure. Retryable. */
export class NetworkError extends SourcegraphError {
  static override readonly kind: string = "NetworkError";
  override readonly name: string = "NetworkError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { isRetryable: true, ...options, code: "unavailable" });
  }
}

/** The request took longer than its timeout and was aborted. Retryable. */
export class TimeoutError extends SourcegraphError {
  static override readonly kind: string = "TimeoutError";
  override readonly name: string = "TimeoutError";
  readonly timeoutMs: number | undefined;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { timeoutMs?: number } = {}) {
    super(message, { isRetryable: true, ...options, code: "deadline_exceeded" });
    this.timeoutMs = options.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** The code an HTTP status stands for, by Connect's table (the reverse of the one the HTTP API uses). */
export function errorCodeFromHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "invalid_argument";
    case 401:
      return "unauthenticated";
    case 403:
      return "permission_denied";
    case 404:
      return "not_found";
    case 408:
      return "deadline_exceeded";
    case 409:
      return "aborted";
    case 429:
      return "resource_exhausted";
    case 499:
      return "canceled";
    case 501:
      return "unimplemented";
    case 502:
    case 503:
      return "unavailable";
    case 504:
      return "deadline_exceeded";
    default:
      return status >= 500 ? "internal" : "unknown";
  }
}

function kindsOf(ctor: abstract new (...args: never) => unknown): string[] {
  const kinds: string[] = [];
  for (let c: unknown = ctor; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
    const kind = (c as { kind?: unknown }).kind;
    if (typeof kind === "string" && !kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

function hasKind(value: unknown, kind: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/**
 * A cause chain is copied with every message and stack redacted, rather than trusted: errors from fetch,
 * sockets or user callbacks can quote a header or URL, and they would otherwise be printed with ours.
 */
function redactedCopy(cause: unknown, depth = 0): unknown {
  if (SourcegraphError.isInstance(cause)) return cause;
  if (!(cause instanceof Error)) {
    // A rejected callback may hand us any value, `{ token }` included: keep only its redacted text.
    if (typeof cause === "object" && cause !== null) return redactText(safeJson(cause));
    return typeof cause === "string" ? redactText(cause) : cause;
  }
  const copy = new Error(redactText(cause.message));
  copy.name = cause.name;
  copy.stack = cause.stack === undefined ? undefined : redactText(cause.stack);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") Object.assign(copy, { code });
  if (cause.cause !== undefined && depth < 8) copy.cause = redactedCopy(cause.cause, depth + 1);
  return copy;
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function serializeCause(cause: unknown): unknown {
  if (cause instanceof SourcegraphError) return cause.toJSON();
  if (cause instanceof Error) {
    return {
      name: cause.name,
      message: cause.message,
      ...(cause.cause === undefined ? {} : { cause: serializeCause(cause.cause) }),
    };
  }
  return cause;
}
