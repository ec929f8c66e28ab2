import type { ApiKind, Credentials, CredentialsContext } from "../credentials/credentials.js";
import { AuthenticationError } from "../errors/authentication-error.js";
import { ConfigurationError } from "../errors/configuration-error.js";
import { SourcegraphError } from "../errors/sourcegraph-error.js";
import { registerSecret } from "../redaction/secret-registry.js";
import type { DebugHook } from "./debug-event.js";
import { isReplayableBody } from "./is-replayable-body.js";
import type { HttpRequest, Middleware } from "./middleware.js";

/** What the authorization layer sends and to which API. */
export interface AuthorizeOptions {
  api: ApiKind;
  credentials: Credentials;
  onDebug: DebugHook | undefined;
}

/** The credential inside `token <t>`, `Bearer <t>` or `token-sudo user="…",token="<t>"`. */
const CREDENTIAL_PATTERNS = [/^(?:token|bearer)\s+(\S+)$/i, /\btoken\s*=\s*"?([^",\s]+)/i];

/**
 * The authorization layer. Before each attempt it asks `credentials` for the `Authorization` value of `api`, so
 * that a token refreshed by another request is picked up. After a 401, when the credentials can refresh, it calls
 * `refresh` once with the rejected value and, if that resolves true, sends the request once more with the new
 * value; a second 401 is returned as it is. The resend is safe even for a POST: a 401 means the server did
 * not act on the request.
 *
 * A request that already carries an `Authorization` header is refused with a `ConfigurationError`: two sources
 * of credentials mean one of them is a mistake, and the server would see only one.
 */
export function authorize(options: AuthorizeOptions): Middleware {
  const { api, credentials } = options;
  return (next) => async (request) => {
    if (request.headers.has("authorization")) {
      throw new ConfigurationError(
        "The request has its own Authorization header and credentials are also configured; keep only one.",
        { setting: "credentials", request: { method: request.method, url: request.url } },
      );
    }
    const context: CredentialsContext = { onDebug: options.onDebug, signal: request.signal };
    const sent = await authorization(request, () => credentials.authorization(api, context));
    const response = await next(withAuthorization(request, sent));
    if (response.status !== 401 || !credentials.refresh || !isReplayableBody(request.body)) return response;
    const refresh = credentials.refresh.bind(credentials);
    const refreshed = await guard(request, () => refresh(sent, context), response);
    if (!refreshed) return response;
    response.body?.cancel().catch(() => {});
    const renewed = await authorization(request, () => credentials.authorization(api, context));
    return next(withAuthorization(request, renewed));
  };
}

function withAuthorization(request: HttpRequest, value: string): HttpRequest {
  const headers = new Headers(request.headers);
  headers.set("authorization", value);
  return { ...request, headers };
}

/** Gets a header value, checks that it can be sent, and registers it so that no error or log ever shows it. */
async function authorization(request: HttpRequest, produce: () => Promise<string>): Promise<string> {
  const value = await guard(request, produce);
  // Headers would reject such a value with a TypeError that quotes it, token and all.
  if (typeof value !== "string" || !value.trim() || /[\0\r\n]/.test(value) || /[^\0-\xff]/.test(value)) {
    throw new ConfigurationError(
      "The credentials produced an Authorization value that cannot be sent: empty, or with a line break or a " +
        "character outside Latin-1. Check the token for stray characters.",
      { setting: "credentials", request: { method: request.method, url: request.url } },
    );
  }
  // The credential alone, so that redacted text keeps the scheme; a scheme sgkit does not know is kept whole.
  const credentials = CREDENTIAL_PATTERNS.map((pattern) => pattern.exec(value)?.[1]).filter(
    (c) => c !== undefined,
  );
  for (const secret of credentials.length > 0 ? credentials : [value]) registerSecret(secret);
  return value;
}

/**
 * Runs a credentials callback. The caller's abort passes through, sgkit errors (a `ConfigurationError` for a
 * form an API does not take, an `OAuthRefreshError`) pass through, and anything else a custom strategy throws
 * becomes an `AuthenticationError` whose cause is a redacted copy.
 */
async function guard<T>(request: HttpRequest, callback: () => Promise<T>, response?: Response): Promise<T> {
  try {
    return await callback();
  } catch (error) {
    response?.body?.cancel().catch(() => {});
    request.signal?.throwIfAborted();
    if (SourcegraphError.isInstance(error)) throw error;
    throw new AuthenticationError(
      response
        ? "Refreshing the credentials after HTTP 401 failed."
        : "The credentials failed to produce a header.",
      {
        request: { method: request.method, url: request.url },
        cause: error,
        ...(response ? { response: { status: response.status, headers: response.headers } } : {}),
      },
    );
  }
}
