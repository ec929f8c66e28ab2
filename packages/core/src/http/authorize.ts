import {
  type ApiKind,
  authorizationHeader,
  type Credentials,
  type CredentialsContext,
  fixedAuthorizationHeader,
  refreshAfterRejection,
} from "../credentials/credentials.js";
import { ConfigurationError } from "../errors.js";
import type { DebugHook } from "./debug.js";
import {
  discardResponse,
  type Handler,
  type HttpRequest,
  isReplayableBody,
  type Middleware,
} from "./request.js";

/** What the authorization layer sends and to which API. */
export interface AuthorizeOptions {
  api: ApiKind;
  credentials: Credentials;
  onDebug: DebugHook | undefined;
}

/**
 * The authorization layer. Before each attempt it asks `credentials` for the `Authorization` value of `api`, so
 * that a token refreshed by another request is picked up. After a 401, when the credentials can refresh, it calls
 * `refresh` once with the rejected value and, if that resolves true, sends the request once more with the new
 * value; a second 401 is returned as it is. The resend is safe even for a POST: a 401 means the server did
 * not act on the request.
 *
 * Credentials with a fixed value (a plain access token) are not asked: the request goes on at once with it,
 * and a 401 is returned as it is, as they cannot refresh.
 *
 * A request that already carries an `Authorization` header is refused with a `ConfigurationError`: two sources
 * of credentials mean one of them is a mistake, and the server would see only one.
 */
export function authorize(options: AuthorizeOptions): Middleware {
  const { api, credentials } = options;
  return (next) => (request) => {
    try {
      if (request.headers.authorization !== undefined) {
        throw new ConfigurationError(
          "The request has its own Authorization header and credentials are also configured; keep only one.",
          { setting: "credentials", request: { method: request.method, url: request.url } },
        );
      }
      const fixed = fixedAuthorizationHeader(credentials, api, request);
      if (fixed !== undefined) return next(withAuthorization(request, fixed));
    } catch (error) {
      return Promise.reject(error);
    }
    return authorizeAsked(next, request, options);
  };
}

/** The layer for credentials that must be asked (OAuth, sudo, a strategy of your own), with one refresh. */
async function authorizeAsked(
  next: Handler,
  request: HttpRequest,
  options: AuthorizeOptions,
): Promise<Response> {
  const { api, credentials } = options;
  const context: CredentialsContext = { onDebug: options.onDebug, signal: request.signal };
  const sent = await authorizationHeader(credentials, api, context, request);
  const response = await next(withAuthorization(request, sent));
  if (response.status !== 401 || !credentials.refresh || !isReplayableBody(request.body)) return response;
  // The 401 is kept readable only when it is what this layer returns.
  const refreshed = await refreshAfterRejection(credentials, sent, context, {
    ...request,
    response: { status: response.status, headers: response.headers },
  }).catch((error: unknown) => {
    discardResponse(response);
    throw error;
  });
  if (!refreshed) return response;
  discardResponse(response);
  return next(withAuthorization(request, await authorizationHeader(credentials, api, context, request)));
}

function withAuthorization(request: HttpRequest, authorization: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization } };
}
