import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { parseRetryAfter, type RetryDecision, type RetryOutcome, type RetryRunner } from "@sgkit/core";
import { ATTEMPTS } from "./attempts-key.js";
import { errorCodeFromConnect } from "./error-code-from-connect.js";
import { isConnectionFailure } from "./is-connection-failure.js";

/** What the retry interceptor runs on. */
export interface RetryInterceptorOptions {
  /** The shared retry loop (backoff, `Retry-After`, budget) of `@sgkit/core`, one per client. */
  runner: RetryRunner;
  /** The clock, for `Retry-After` dates. */
  now: () => number;
}

/** Codes that mean "not now" rather than "never". */
const RETRYABLE_CODES: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.ResourceExhausted,
  Code.DeadlineExceeded,
]);
/** Codes whose answers may carry `Retry-After` (HTTP 429 and 503 in the Connect protocol). */
const RETRY_AFTER_CODES: ReadonlySet<Code> = new Set([Code.Unavailable, Code.ResourceExhausted]);

/**
 * The retry interceptor: every call of the client goes through `@sgkit/core`'s retry runner, the same loop as
 * sgkit's HTTP clients (full-jitter backoff, the server's `Retry-After`, one retry budget per client), retrying
 * `unavailable`, `resource_exhausted`, `deadline_exceeded` and connection failures (refused, reset, timed out).
 * Being an interceptor, it works over any transport; the client puts it around a transport of your own. The
 * default transport needs none: its fetch retries the same calls itself (see `RETRYABLE_STATUSES`).
 *
 * All four methods are retried, writes included. Get and List change nothing. Create and Delete are idempotent
 * in effect: their outcome is a state ("the user has access", "the user has no access"), not an increment, so
 * sending one twice leaves the same state as sending it once. The only difference a retry makes is the answer:
 * when the first attempt was applied and its answer lost (a reset connection, a 503 from a proxy), the retry
 * answers `already_exists` (Create) or `not_found` (Delete). `grant`, `revoke` and
 * `replaceRepositoryPermissions` read those answers as "already in the desired state", which is then true, so
 * they converge to the exact state the caller asked for. Plain `create` and `delete` report those answers as
 * errors, whose message says that the call was retried.
 */
export function retryInterceptor(options: RetryInterceptorOptions): Interceptor {
  const { runner, now } = options;

  function classify(outcome: RetryOutcome<unknown>): RetryDecision | undefined {
    if ("value" in outcome) return undefined;
    const { error } = outcome;
    if (error instanceof ConnectError && RETRYABLE_CODES.has(error.code)) {
      const cause =
        error.cause instanceof Error && isConnectionFailure(error.cause) ? error.cause.name : undefined;
      const retryAfterMs = RETRY_AFTER_CODES.has(error.code)
        ? parseRetryAfter(error.metadata.get("retry-after"), now())
        : undefined;
      return {
        reason: cause ?? errorCodeFromConnect(error.code),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    if (error instanceof ConnectError && error.code === Code.Canceled) return undefined;
    return isConnectionFailure(error) ? { reason: "connection failure" } : undefined;
  }

  // Not async: the runner's promise is returned as it is, a hop fewer per call than an async wrapper's.
  return (next) => (request) =>
    runner.run<Awaited<ReturnType<typeof next>>>(
      (attempt) => {
        request.contextValues.set(ATTEMPTS, attempt);
        return next(request);
      },
      { method: request.requestMethod, url: request.url, signal: request.signal, classify },
    );
}
