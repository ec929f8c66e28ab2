import { SourcegraphError } from "../errors.js";
import { redactUrl } from "../redaction.js";
import {
  discardResponse,
  type Handler,
  type HttpRequest,
  isReplayableBody,
  type Middleware,
} from "./request.js";

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped with it when a redirect turns the request into a GET (fetch spec). */
const BODY_HEADERS = [
  "content-type",
  "content-encoding",
  "content-language",
  "content-location",
  "content-length",
];

/** How far the redirect layer goes. */
export interface FollowRedirectsOptions {
  /** Hops followed before giving up; 0 follows none. */
  maxRedirects: number;
}

/**
 * The redirect layer. It follows 301, 302, 303, 307 and 308 within the request's own origin, up to
 * `maxRedirects` hops, the way fetch would: 303, and 301 or 302 after a POST, continue as a GET without body.
 *
 * A redirect to another origin (another host, port or scheme, including an https → http downgrade) is never
 * followed: it throws a `SourcegraphError` with code `failed_precondition` naming the target's origin, and
 * nothing at all is sent there. A token must only reach the host its owner named; the fix is to name the final
 * host, in `SRC_ENDPOINT` or the client's endpoint.
 *
 * Redirects are also returned unfollowed when the caller asked for `redirect: "manual"`, and when a 307 or 308
 * would have to send a stream body a second time.
 */
export function followRedirects(options: FollowRedirectsOptions): Middleware {
  // A response that is not a redirect passes through as it is.
  return (next) => (request) =>
    next(request).then((response) =>
      response.type === "opaqueredirect" || REDIRECT_STATUSES.has(response.status)
        ? follow(next, request, response, options.maxRedirects)
        : response,
    );
}

/** Follows `first`, the response to `original`, and the redirects after it. */
async function follow(
  next: Handler,
  original: HttpRequest,
  first: Response,
  maxRedirects: number,
): Promise<Response> {
  let request = original;
  let response = first;
  for (let hops = 0; ; hops++) {
    if (response.type === "opaqueredirect") throw opaqueRedirect(request, response);
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
    if (location === null || original.redirect === "manual") return response;
    const target = resolveUrl(location, request.url);
    if (target === undefined) return response;
    if (target.origin !== request.url.origin) throw crossOrigin(request, response, target);
    if (original.redirect === "error" || hops >= maxRedirects) {
      throw tooManyRedirects(request, response, maxRedirects, original.redirect === "error");
    }
    const redirected = redirectedRequest(request, response.status, target);
    if (redirected === undefined) return response;
    discardResponse(response);
    request = redirected;
    response = await next(request);
  }
}

/** `location` resolved against `base`, or undefined when it is not a URL (`URL.parse` is too recent for some browsers). */
function resolveUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** The request fetch would send next, or undefined when its body cannot be sent again. */
function redirectedRequest(request: HttpRequest, status: number, target: URL): HttpRequest | undefined {
  const becomesGet =
    (status === 303 && request.method !== "GET" && request.method !== "HEAD") ||
    ((status === 301 || status === 302) && request.method === "POST");
  if (becomesGet) {
    const headers = { ...request.headers };
    for (const name of BODY_HEADERS) delete headers[name];
    return { ...request, method: "GET", url: target, headers, body: null };
  }
  if (!isReplayableBody(request.body)) return undefined;
  return { ...request, url: target };
}

function errorOptions(request: HttpRequest, response: Response) {
  const headers = new Headers(response.headers);
  const location = headers.get("location");
  // Query parameters of a redirect (an SSO `code`, a signed URL) are secrets that text redaction cannot spot.
  if (location !== null) headers.set("location", redactUrl(resolveUrl(location, request.url) ?? location));
  return {
    code: "failed_precondition" as const,
    request: { method: request.method, url: request.url, headers: request.headers },
    response: { status: response.status, headers },
  };
}

function crossOrigin(request: HttpRequest, response: Response, target: URL): SourcegraphError {
  return new SourcegraphError(
    `${request.url.origin} redirected ${request.method} ${redactUrl(request.url)} to another origin, ` +
      `${target.origin}. sgkit does not follow it: credentials and headers are never sent to another origin. ` +
      `If ${target.origin} is your Sourcegraph instance, set SRC_ENDPOINT (or the endpoint option) to it.`,
    errorOptions(request, response),
  );
}

function tooManyRedirects(
  request: HttpRequest,
  response: Response,
  maxRedirects: number,
  forbidden: boolean,
): SourcegraphError {
  const reason = forbidden
    ? 'the request was sent with redirect: "error"'
    : `more than ${maxRedirects} redirects`;
  return new SourcegraphError(
    `${request.method} ${redactUrl(request.url)} was redirected (HTTP ${response.status}) and not followed: ` +
      `${reason}. Set SRC_ENDPOINT (or the endpoint option) to the final URL.`,
    errorOptions(request, response),
  );
}

/** Browsers hide where a manual redirect goes, so sgkit cannot check its origin and must not guess. */
function opaqueRedirect(request: HttpRequest, response: Response): SourcegraphError {
  return new SourcegraphError(
    `${request.method} ${redactUrl(request.url)} was redirected, and this runtime hides the target, so sgkit ` +
      "cannot check that it stays on the same origin. Set SRC_ENDPOINT (or the endpoint option) to the final URL.",
    errorOptions(request, response),
  );
}
