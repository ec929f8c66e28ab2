import { NetworkError } from "../errors/network-error.js";
import { redactUrl } from "../redaction/redact-url.js";
import type { Handler } from "./middleware.js";

/**
 * The innermost handler: one real `fetch`, always with `redirect: "manual"` so that the redirect layer, not the
 * runtime, decides where credentials go. `getFetch` is called for every request, so a test library that
 * replaces `globalThis.fetch` after sgkit was set up still intercepts it.
 *
 * A rejection with the request's signal aborted is passed on as is, for the timeout layer to name; any other
 * rejection means no HTTP answer came (DNS, refused or reset connection, TLS) and becomes a `NetworkError`.
 */
export function fetchHandler(getFetch: () => typeof fetch): Handler {
  // Not async: an async wrapper would add a promise and a hop to every request for nothing it needs.
  return (request) => {
    // A plain record and a string URL: undici (Node's fetch) takes them faster than a `Headers` and a `URL`,
    // which it would take apart again (see packages/integration/bench). The record is never changed, so it
    // is passed as it is.
    const init: RequestInit & { duplex?: "half" } = {
      ...request.init,
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
    };
    if (request.signal) init.signal = request.signal;
    // Node refuses a stream body unless told it is sent while the response may already be arriving.
    if (request.body instanceof ReadableStream) init.duplex = "half";
    const failed = (error: unknown): never => {
      if (request.signal?.aborted) throw error;
      throw new NetworkError(
        `${request.method} ${redactUrl(request.url)} failed before any response: ${describe(error)}`,
        { request: { method: request.method, url: request.url, headers: request.headers }, cause: error },
      );
    };
    try {
      return getFetch()(request.url.href, init).then(undefined, failed);
    } catch (error) {
      // A fetch that throws instead of rejecting (a test double, a polyfill).
      return Promise.reject(error).then(undefined, failed);
    }
  };
}

/** The most specific reason fetch gives: undici hides the socket error (`ECONNREFUSED`) in `cause`. */
function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" && !cause.message.includes(code)
    ? `${code} ${cause.message}`
    : cause.message;
}
