import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import type { RetryDecision, RetryOutcome, RetryRunner } from "./create-retry-runner.js";
import { isReplayableBody } from "./is-replayable-body.js";
import type { Middleware } from "./middleware.js";
import { parseRetryAfter } from "./parse-retry-after.js";
import { recordResponseAttempts } from "./response-attempts.js";

/** Statuses that say "not now" rather than "never": the same request may well succeed later. */
const DEFAULT_RETRYABLE_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];
/** The statuses for which RFC 9110 and RFC 6585 define `Retry-After`. */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * The retry layer of the shared fetch: HTTP's rules on top of the shared {@link RetryRunner}. It retries
 * idempotent requests with a replayable body after a `NetworkError`, a `TimeoutError` or one of
 * `retryableStatuses` (by default 408, 429, 500, 502, 503, 504), with the server's `Retry-After` on 429 and 503.
 * The runner does the waiting, the budget and the debug events; when it gives up, the last response is
 * returned or the last error thrown. A caller's abort is never retried and also cuts a wait short. A response
 * settled on after a retry records its attempt number for {@link responseAttempts}.
 */
export function retryPolicy(
  runner: RetryRunner,
  now: () => number,
  retryableStatuses: Iterable<number> = DEFAULT_RETRYABLE_STATUSES,
): Middleware {
  const retryable: ReadonlySet<number> = new Set(retryableStatuses);

  function classify(outcome: RetryOutcome<Response>): RetryDecision | undefined {
    if ("error" in outcome) {
      const { error } = outcome;
      return error instanceof NetworkError || error instanceof TimeoutError
        ? { reason: (error as Error).name }
        : undefined;
    }
    const { status, headers } = outcome.value;
    if (!retryable.has(status)) return undefined;
    const retryAfterMs = RETRY_AFTER_STATUSES.has(status)
      ? parseRetryAfter(headers.get("retry-after"), now())
      : undefined;
    return { reason: `status ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }

  // Not async: the runner's promise is returned as it is, a hop fewer per request.
  return (next) => (request) =>
    runner.run(
      // The first attempt, by far the most common, goes out without a copy of the request or a record.
      (attempt) => {
        if (attempt === 1) return next(request.attempt === 1 ? request : { ...request, attempt });
        return next({ ...request, attempt }).then((response) => recordResponseAttempts(response, attempt));
      },
      {
        method: request.method,
        url: request.url,
        signal: request.signal,
        classify: request.idempotent && isReplayableBody(request.body) ? classify : isFinal,
        discard,
      },
    );
}

/** What a request that may not be retried makes of every outcome. */
function isFinal(): undefined {
  return undefined;
}

/** Drops a response for a retry: an unread body would hold its connection until garbage collection. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}
