import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { redactUrl } from "../redaction/redact-url.js";
import { backoffDelay } from "./backoff-delay.js";
import type { DebugHook } from "./debug-event.js";
import { emitDebug } from "./emit-debug.js";
import { isReplayableBody } from "./is-replayable-body.js";
import type { HttpRequest, Middleware } from "./middleware.js";
import { parseRetryAfter } from "./parse-retry-after.js";
import type { RetryBudget } from "./retry-budget.js";

/** Statuses that say "not now" rather than "never": the same request may well succeed later. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** The statuses for which RFC 9110 and RFC 6585 define `Retry-After`. */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** What the retry layer needs: resolved options, the shared budget, and the clock, dice and sleep to use. */
export interface RetryPolicyOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Shared by every request going through this layer; undefined for none. */
  budget: RetryBudget | undefined;
  onDebug: DebugHook | undefined;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type Outcome = { response: Response } | { error: unknown };

/**
 * The retry layer. It retries idempotent requests with a replayable body after a `NetworkError`, a
 * `TimeoutError` or a retryable status (408, 429, 500, 502, 503, 504), waiting a full-jitter backoff or the
 * server's `Retry-After` (on 429 and 503). It gives up, returning the last response or throwing the last error,
 * when attempts run out, when `Retry-After` exceeds `maxDelayMs`, or when the shared retry budget refuses.
 * A caller's abort is never retried and also cuts a wait short.
 */
export function retryPolicy(options: RetryPolicyOptions): Middleware {
  return (next) => async (request) => {
    options.budget?.recordRequest();
    const canRetry = request.idempotent && isReplayableBody(request.body);
    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome;
      try {
        outcome = { response: await next({ ...request, attempt }) };
      } catch (error) {
        outcome = { error };
      }
      const delayMs =
        canRetry && attempt < options.maxAttempts ? retryDelay(outcome, request, attempt) : undefined;
      if (delayMs === undefined) return settle(outcome);
      emitDebug(options.onDebug, {
        type: "retry",
        method: request.method,
        url: redactUrl(request.url),
        attempt: attempt + 1,
        delayMs,
        reason: "response" in outcome ? `status ${outcome.response.status}` : (outcome.error as Error).name,
      });
      // An unread body would hold its connection until garbage collection.
      if ("response" in outcome) outcome.response.body?.cancel().catch(() => {});
      await options.sleep(delayMs, request.signal);
      request.signal?.throwIfAborted();
    }
  };

  /** How long to wait before retrying after `outcome`, or undefined when it must not be retried. */
  function retryDelay(outcome: Outcome, request: HttpRequest, attempt: number): number | undefined {
    const skipped = (reason: "retry-budget-exhausted" | "retry-after-too-long", delayMs?: number) => {
      emitDebug(options.onDebug, {
        type: "retry-skipped",
        method: request.method,
        url: redactUrl(request.url),
        attempt,
        reason,
        ...(delayMs === undefined ? {} : { delayMs }),
      });
      return undefined;
    };
    let retryAfterMs: number | undefined;
    if ("response" in outcome) {
      const { status, headers } = outcome.response;
      if (!RETRYABLE_STATUSES.has(status)) return undefined;
      if (RETRY_AFTER_STATUSES.has(status))
        retryAfterMs = parseRetryAfter(headers.get("retry-after"), options.now());
    } else if (!(outcome.error instanceof NetworkError || outcome.error instanceof TimeoutError)) {
      return undefined;
    }
    if (retryAfterMs !== undefined && retryAfterMs > options.maxDelayMs) {
      return skipped("retry-after-too-long", retryAfterMs);
    }
    if (options.budget && !options.budget.tryAcquireRetry()) return skipped("retry-budget-exhausted");
    return retryAfterMs ?? backoffDelay(attempt, options);
  }
}

function settle(outcome: Outcome): Response {
  if ("response" in outcome) return outcome.response;
  throw outcome.error;
}
