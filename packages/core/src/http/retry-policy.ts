import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import type { RetryDecision, RetryOutcome, RetryRunner } from "./create-retry-runner.js";
import { isReplayableBody } from "./is-replayable-body.js";
import type { Middleware } from "./middleware.js";
import { parseRetryAfter } from "./parse-retry-after.js";

/** Statuses that say "not now" rather than "never": the same request may well succeed later. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** The statuses for which RFC 9110 and RFC 6585 define `Retry-After`. */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * The retry layer of the shared fetch: HTTP's rules on top of the shared {@link RetryRunner}. It retries
 * idempotent requests with a replayable body after a `NetworkError`, a `TimeoutError` or a retryable status
 * (408, 429, 500, 502, 503, 504), with the server's `Retry-After` on 429 and 503. The runner does the waiting,
 * the budget and the debug events; when it gives up, the last response is returned or the last error thrown.
 * A caller's abort is never retried and also cuts a wait short.
 */
export function retryPolicy(runner: RetryRunner, now: () => number): Middleware {
  function classify(outcome: RetryOutcome<Response>): RetryDecision | undefined {
    if ("error" in outcome) {
      const { error } = outcome;
      return error instanceof NetworkError || error instanceof TimeoutError
        ? { reason: (error as Error).name }
        : undefined;
    }
    const { status, headers } = outcome.value;
    if (!RETRYABLE_STATUSES.has(status)) return undefined;
    const retryAfterMs = RETRY_AFTER_STATUSES.has(status)
      ? parseRetryAfter(headers.get("retry-after"), now())
      : undefined;
    return { reason: `status ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }

  return (next) => async (request) => {
    const canRetry = request.idempotent && isReplayableBody(request.body);
    return runner.run((attempt) => next({ ...request, attempt }), {
      method: request.method,
      url: request.url,
      signal: request.signal,
      classify: canRetry ? classify : () => undefined,
      // An unread body would hold its connection until garbage collection.
      discard: (response) => {
        response.body?.cancel().catch(() => {});
      },
    });
  };
}
