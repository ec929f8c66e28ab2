import { AuthenticationError, ConfigurationError, SourcegraphError } from "../errors.js";
import type { DebugHook } from "../http/debug.js";
import { type HeadersInput, UNSENDABLE_HEADER_VALUE } from "../http/request.js";
import { registerSecret } from "../redaction.js";

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

/** The request a credentials call is made for, named in the errors it may raise. */
export interface AuthorizedRequest {
  method: string;
  url: string | URL;
  signal?: AbortSignal | undefined;
}

/** The credential inside `token <t>`, `Bearer <t>` or `token-sudo user="…",token="<t>"`. */
const CREDENTIAL_PATTERNS = [/^(?:token|bearer)\s+(\S+)$/i, /\btoken\s*=\s*"?([^",\s]+)/i];

/** A value that passed the checks, and the secrets it holds. */
interface CheckedValue {
  value: string;
  secrets: readonly string[];
}

/**
 * The last value each credentials object produced that passed the checks: a value is checked once, until the
 * credentials produce another (a refreshed token).
 */
const lastChecked = new WeakMap<Credentials, CheckedValue>();

/**
 * Asks `credentials` for the `Authorization` value of `api`, checks that it can be sent, and registers its
 * credential for redaction. Every transport that sends sgkit credentials (the shared fetch, Connect
 * interceptors) goes through here, so they refuse and redact alike.
 *
 * @throws {ConfigurationError} When the value is empty, has a line break or a character outside Latin-1 (a
 *   `Headers` TypeError would quote it, token and all), or the credentials have no form for `api`.
 * @throws {AuthenticationError} When a custom strategy fails; sgkit errors and the caller's abort pass through.
 */
export function authorizationHeader(
  credentials: Credentials,
  api: ApiKind,
  context: CredentialsContext,
  request: AuthorizedRequest,
): Promise<string> {
  return guard(request, () => credentials.authorization(api, context)).then((value) =>
    checkedAndRegistered(credentials, value, request),
  );
}

/** The values of credentials whose `Authorization` never changes (a plain access token), by API. */
const fixedValues = new WeakMap<Credentials, (api: ApiKind) => string>();

/**
 * Declares that `credentials` always answer `valueFor(api)`, never refresh, and do nothing else when asked:
 * {@link fixedAuthorizationHeader} may then answer for them without calling `authorization`.
 */
export function declareFixedAuthorization(
  credentials: Credentials,
  valueFor: (api: ApiKind) => string,
): void {
  fixedValues.set(credentials, valueFor);
}

/**
 * What {@link authorizationHeader} would resolve with, at once, for credentials declared fixed (see
 * {@link declareFixedAuthorization}); undefined for any others, which must be asked. Checked and registered for
 * redaction alike.
 *
 * @throws {ConfigurationError} When the value cannot be sent.
 */
export function fixedAuthorizationHeader(
  credentials: Credentials,
  api: ApiKind,
  request: AuthorizedRequest,
): string | undefined {
  const valueFor = fixedValues.get(credentials);
  return valueFor && checkedAndRegistered(credentials, valueFor(api), request);
}

/** `value`, once it passed the checks (remembered per credentials), with its credential registered for redaction. */
function checkedAndRegistered(credentials: Credentials, value: unknown, request: AuthorizedRequest): string {
  let checked = lastChecked.get(credentials);
  if (checked === undefined || checked.value !== value) {
    const sendable = checkedValue(value, request);
    checked = { value: sendable, secrets: secretsIn(sendable) };
    lastChecked.set(credentials, checked);
  }
  // Registered again on every request: the registry forgets the least recently registered secrets first, and
  // a token in use must not be one of them.
  for (const secret of checked.secrets) registerSecret(secret);
  return checked.value;
}

function checkedValue(value: unknown, request: AuthorizedRequest): string {
  if (typeof value !== "string" || !value.trim() || UNSENDABLE_HEADER_VALUE.test(value)) {
    throw new ConfigurationError(
      "The credentials produced an Authorization value that cannot be sent: empty, or with a line break or a " +
        "character outside Latin-1. Check the token for stray characters.",
      { setting: "credentials", request: { method: request.method, url: request.url } },
    );
  }
  return value;
}

/** The credential alone, so that redacted text keeps the scheme; a scheme sgkit does not know is kept whole. */
function secretsIn(value: string): string[] {
  const secrets = CREDENTIAL_PATTERNS.map((pattern) => pattern.exec(value)?.[1]).filter(
    (c) => c !== undefined,
  );
  return secrets.length > 0 ? secrets : [value];
}

/**
 * After the server refused `rejected`, asks `credentials` to refresh once. Resolves true when the request is
 * worth resending with a fresh {@link authorizationHeader}; false when these credentials cannot refresh.
 *
 * @throws {AuthenticationError} When a custom strategy's refresh fails; sgkit errors (an `OAuthRefreshError`)
 *   and the caller's abort pass through.
 */
export async function refreshAfterRejection(
  credentials: Credentials,
  rejected: string,
  context: CredentialsContext,
  request: AuthorizedRequest & { response?: { status: number; headers?: HeadersInput } },
): Promise<boolean> {
  const refresh = credentials.refresh?.bind(credentials);
  if (!refresh) return false;
  return guard(request, () => refresh(rejected, context), request.response ?? { status: 401 });
}

function guard<T>(
  request: AuthorizedRequest,
  callback: () => Promise<T>,
  rejection?: { status: number; headers?: HeadersInput },
): Promise<T> {
  const failed = (error: unknown): never => {
    request.signal?.throwIfAborted();
    if (SourcegraphError.isInstance(error)) throw error;
    throw new AuthenticationError(
      rejection
        ? "Refreshing the credentials after the server refused them failed."
        : "The credentials failed to produce an Authorization value.",
      {
        request: { method: request.method, url: request.url },
        cause: error,
        ...(rejection ? { response: rejection } : {}),
      },
    );
  };
  try {
    // A strategy that returns a plain value or throws instead of rejecting is handled alike.
    return Promise.resolve(callback()).then(undefined, failed);
  } catch (error) {
    return Promise.reject(error).then(undefined, failed);
  }
}
