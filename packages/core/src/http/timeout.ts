import { TimeoutError } from "../errors.js";
import { redactUrl } from "../redaction.js";
import type { Handler, HttpRequest, Middleware } from "./request.js";

/** The longest delay timers keep (2³¹ − 1 ms, about 24.8 days); a longer one fires at once instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The per-attempt timeout layer. It aborts an attempt whose response headers have not arrived within
 * `request.timeoutMs` and throws a `TimeoutError` (retryable) in its place. A caller's own abort is told apart
 * and rethrown as the caller's reason, the standard `AbortError` unless the caller gave another.
 *
 * The timer is cleared as soon as the headers arrive, rather than using `AbortSignal.timeout`, because a
 * streaming search can rightly send its body for minutes: only the caller's signal may cut it.
 */
export function abortOnTimeout(): Middleware {
  return (next) => (request) => {
    if (request.signal?.aborted) return Promise.reject(request.signal.reason);
    return request.timeoutMs > 0 ? withTimeout(next, request) : next(request);
  };
}

async function withTimeout(next: Handler, request: HttpRequest): Promise<Response> {
  const callerSignal = request.signal;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
  try {
    return await next({ ...request, signal });
  } catch (error) {
    callerSignal?.throwIfAborted();
    if (!timeout.signal.aborted) throw error;
    throw new TimeoutError(
      `${request.method} ${redactUrl(request.url)} got no response within ${request.timeoutMs} ms.`,
      {
        timeoutMs: request.timeoutMs,
        request: { method: request.method, url: request.url, headers: request.headers },
      },
    );
  } finally {
    clearTimeout(timer);
  }
}
