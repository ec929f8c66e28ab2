import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import {
  authorizationHeader,
  type Credentials,
  type CredentialsContext,
  type DebugHook,
  fixedAuthorizationHeader,
  refreshAfterRejection,
} from "@sgkit/core";

/** What the auth interceptor needs. */
export interface AuthInterceptorOptions {
  credentials: Credentials;
  /** Receives the credentials' `refresh` debug events. */
  onDebug?: DebugHook | undefined;
}

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
 * Credentials with a fixed value (a plain access token) are not asked, and cannot refresh: the call goes on at
 * once with their value.
 *
 * It sits inside the retry interceptor, so each retry is authorized afresh.
 */
export function authInterceptor(options: AuthInterceptorOptions): Interceptor {
  const { credentials } = options;
  return (next) => (request) => {
    const call = { method: request.requestMethod, url: request.url, signal: request.signal };
    let fixed: string | undefined;
    try {
      fixed = fixedAuthorizationHeader(credentials, "http-api", call);
    } catch (error) {
      return Promise.reject(error);
    }
    if (fixed === undefined) return askedAuthorization(next, request, options);
    request.header.set("authorization", fixed);
    return next(request);
  };
}

/** The next step of a Connect interceptor chain. */
type Next = Parameters<Interceptor>[0];

/** The interceptor for credentials that must be asked (OAuth, a strategy of your own), with one refresh. */
async function askedAuthorization(
  next: Next,
  request: Parameters<Next>[0],
  options: AuthInterceptorOptions,
): ReturnType<Next> {
  const { credentials } = options;
  const context: CredentialsContext = { onDebug: options.onDebug, signal: request.signal };
  const call = { method: request.requestMethod, url: request.url, signal: request.signal };
  const sent = await authorizationHeader(credentials, "http-api", context, call);
  request.header.set("authorization", sent);
  try {
    return await next(request);
  } catch (error) {
    if (!(error instanceof ConnectError) || error.code !== Code.Unauthenticated) throw error;
    if (!(await refreshAfterRejection(credentials, sent, context, call))) throw error;
    request.header.set("authorization", await authorizationHeader(credentials, "http-api", context, call));
    return next(request);
  }
}
