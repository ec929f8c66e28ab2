import { redactHeaders } from "../redaction/redact-headers.js";
import { redactUrl } from "../redaction/redact-url.js";
import type { DebugHook } from "./debug-event.js";
import { emitDebug } from "./emit-debug.js";
import type { Middleware } from "./middleware.js";

/** Where the debug layer reports, and its clock. */
export interface DebugLogOptions {
  onDebug: DebugHook;
  now: () => number;
}

/**
 * The debug layer, just outside the real fetch so that it reports what goes on the wire: a `request` event
 * with redacted headers for every exchange (retries, redirect hops and resends after a refresh included), and a
 * `response` event with the status and the time to headers.
 */
export function debugLog(options: DebugLogOptions): Middleware {
  return (next) => async (request) => {
    const { method, attempt } = request;
    const url = redactUrl(request.url);
    emitDebug(options.onDebug, {
      type: "request",
      method,
      url,
      headers: redactHeaders(request.headers),
      attempt,
    });
    const start = options.now();
    const response = await next(request);
    const durationMs = options.now() - start;
    emitDebug(options.onDebug, {
      type: "response",
      method,
      url,
      status: response.status,
      durationMs,
      attempt,
    });
    return response;
  };
}
