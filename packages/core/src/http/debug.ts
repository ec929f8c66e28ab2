import { redactHeaders, redactUrl } from "../redaction.js";
import type { Middleware } from "./request.js";

/**
 * What sgkit reports to a debug hook. URLs and headers are redacted copies: a hook may log them as they are.
 *
 * - `request`: an HTTP exchange is about to start. `attempt` is 1 for the first try, then counts retries.
 * - `response`: its headers arrived after `durationMs`.
 * - `retry`: attempt `attempt` will be sent after `delayMs`, because of `reason` (`status 503`, `NetworkError`, …).
 * - `retry-skipped`: the last outcome was worth a retry but none is made: the shared retry budget is spent,
 *   or the server's `Retry-After` (`delayMs`) is longer than the configured `maxDelayMs`.
 * - `refresh`: credentials refreshed a token, ahead of expiry or after a 401.
 */
export type DebugEvent =
  | { type: "request"; method: string; url: string; headers: Record<string, string>; attempt: number }
  | { type: "response"; method: string; url: string; status: number; durationMs: number; attempt: number }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | {
      type: "retry-skipped";
      method: string;
      url: string;
      attempt: number;
      reason: "retry-budget-exhausted" | "retry-after-too-long";
      delayMs?: number;
    }
  | { type: "refresh"; reason: "expiring" | "unauthorized"; ok: boolean; error?: string };

/** A function that receives debug events. sgkit is silent unless one is given. */
export type DebugHook = (event: DebugEvent) => void;

/**
 * Hands `event` to `hook`, if there is one. A hook is someone's logging code: it must never break the request
 * it observes, so what it throws, or the promise it rejects, is swallowed.
 */
export function emitDebug(hook: DebugHook | undefined, event: DebugEvent): void {
  if (hook === undefined) return;
  try {
    const result: unknown = hook(event);
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // See above: a failing hook is the hook's problem, not the request's.
  }
}

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
