import {
  Code,
  ConnectError,
  type Interceptor,
  type StreamRequest,
  type UnaryRequest,
} from "@connectrpc/connect";
import {
  AuthenticationError,
  ConfigurationError,
  type Credentials,
  type CredentialsContext,
  type DebugHook,
  registerSecret,
  SourcegraphError,
} from "@sgkit/core";

/** What the auth interceptor needs. */
export interface AuthInterceptorOptions {
  credentials: Credentials;
  /** Receives the credentials' `refresh` debug events. */
  onDebug?: DebugHook | undefined;
}

/** The credential inside `Bearer <t>` (or `token <t>`), registered alone so that redacted text keeps the scheme. */
const CREDENTIAL = /^(?:bearer|token)\s+(\S+)$/i;

/**
 * The auth interceptor: before each attempt it asks the credentials for the `/api/` HTTP API's `Authorization`
 * value (`credentials.authorization("http-api")`, which is `Bearer <token>`; sudo credentials reject with a
 * `ConfigurationError`, as the HTTP API has no sudo form), so that a token refreshed meanwhile by another call
 * is picked up.
 *
 * After an `unauthenticated` answer, when the credentials can refresh, it calls `refresh` once with the
 * rejected value and, if that resolves true, sends the call once more with the new value; a second
 * `unauthenticated` is final. The resend is safe for writes too: the server did not act on a call it could not
 * authenticate.
 *
 * It sits inside the retry interceptor, so each retry is authorized afresh.
 */
export function authInterceptor(options: AuthInterceptorOptions): Interceptor {
  const { credentials } = options;
  return (next) => async (request) => {
    const context: CredentialsContext = { onDebug: options.onDebug, signal: request.signal };
    const sent = await authorization(request, () => credentials.authorization("http-api", context));
    request.header.set("authorization", sent);
    try {
      return await next(request);
    } catch (error) {
      if (!(error instanceof ConnectError) || error.code !== Code.Unauthenticated || !credentials.refresh) {
        throw error;
      }
      const refresh = credentials.refresh.bind(credentials);
      const refreshed = await guard(request, () => refresh(sent, context), "refresh");
      if (!refreshed) throw error;
      request.header.set(
        "authorization",
        await authorization(request, () => credentials.authorization("http-api", context)),
      );
      return next(request);
    }
  };
}

/** Gets a header value, checks that it can be sent, and registers its credential for redaction. */
async function authorization(
  request: UnaryRequest | StreamRequest,
  produce: () => Promise<string>,
): Promise<string> {
  const value = await guard(request, produce, "authorization");
  // Headers would reject such a value with a TypeError that quotes it, token and all.
  if (typeof value !== "string" || !value.trim() || /[\0\r\n]/.test(value) || /[^\0-\xff]/.test(value)) {
    throw new ConfigurationError(
      "The credentials produced an Authorization value that cannot be sent: empty, or with a line break or a " +
        "character outside Latin-1. Check the token for stray characters.",
      { setting: "credentials", request: { method: request.requestMethod, url: request.url } },
    );
  }
  registerSecret(CREDENTIAL.exec(value)?.[1] ?? value);
  return value;
}

/**
 * Runs a credentials callback. The caller's abort passes through, sgkit errors (`ConfigurationError` for sudo
 * credentials, `OAuthRefreshError`) pass through, and anything else a custom strategy throws becomes an
 * `AuthenticationError` whose cause is a redacted copy.
 */
async function guard<T>(
  request: UnaryRequest | StreamRequest,
  callback: () => Promise<T>,
  step: "authorization" | "refresh",
): Promise<T> {
  try {
    return await callback();
  } catch (error) {
    request.signal.throwIfAborted();
    if (SourcegraphError.isInstance(error)) throw error;
    throw new AuthenticationError(
      step === "refresh"
        ? "Refreshing the credentials after an unauthenticated answer failed."
        : "The credentials failed to produce an Authorization value.",
      { request: { method: request.requestMethod, url: request.url }, cause: error },
    );
  }
}
