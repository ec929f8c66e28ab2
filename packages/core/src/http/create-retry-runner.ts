import { redactUrl } from "../redaction/redact-url.js";
import { abortableSleep } from "./abortable-sleep.js";
import { backoffDelay } from "./backoff-delay.js";
import type { DebugHook } from "./debug-event.js";
import { emitDebug } from "./emit-debug.js";
import { createRetryBudget, type RetryBudget, type RetryBudgetOptions } from "./retry-budget.js";
import { type RetryOptions, resolveRetryOptions } from "./retry-options.js";

/** How one attempt ended: with a value (an HTTP response, an RPC answer) or with an error. */
export type RetryOutcome<T> = { value: T } | { error: unknown };

/**
 * Why an outcome is worth another attempt: `reason` is reported in the `retry` debug event (`status 503`,
 * `unavailable`, `NetworkError`), `retryAfterMs` is the wait the server asked for, if it asked.
 */
export interface RetryDecision {
  reason: string;
  retryAfterMs?: number;
}

/** One call run by a {@link RetryRunner}: what it is (for debug events), and how its outcomes are judged. */
export interface RetryCall<T> {
  /** The HTTP method, reported in debug events. */
  method: string;
  /** The URL, reported redacted in debug events. */
  url: string | URL;
  /** The caller's signal: an aborted call is never retried, and an abort cuts a wait short. */
  signal?: AbortSignal | undefined;
  /**
   * Whether `outcome` is worth another attempt, and why; undefined when it is final. Only asked while attempts
   * remain. The caller decides what is retryable: statuses for plain HTTP, Connect codes for RPCs.
   */
  classify(outcome: RetryOutcome<T>): RetryDecision | undefined;
  /** Releases a value that is dropped for a retry, such as an unread response body that holds a connection. */
  discard?(value: T): void;
}

/** Runs calls with retries, under one retry budget shared by every call it runs. */
export interface RetryRunner {
  /** Calls `attempt` (with its 1-based number) until an outcome is final, then resolves or rejects with it. */
  run<T>(attempt: (attemptNumber: number) => Promise<T>, call: RetryCall<T>): Promise<T>;
}

/** What a {@link RetryRunner} reports to, and the clock, dice and sleep it uses (tests inject their own). */
export interface RetryRunnerOptions {
  onDebug?: DebugHook | undefined;
  /** The clock in milliseconds, for the retry budget. Default `Date.now`. */
  now?: () => number;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Waits between attempts; must reject with `signal.reason` when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Creates the retry loop every sgkit client shares, so that HTTP requests (`createSourcegraphFetch`) and Connect
 * RPCs (an interceptor of `@sgkit/permissions`) back off, honour `Retry-After` and spend the retry budget the
 * same way. `retry` takes the shape of {@link RetryOptions} (`false` for a single attempt) and is checked here,
 * with a `ConfigurationError` for nonsense.
 *
 * Each call waits a full-jitter backoff, or exactly the server's `Retry-After` when its classifier reports one.
 * It gives up, settling with the last outcome, when attempts run out, when `Retry-After` exceeds `maxDelayMs`
 * (the caller then gets an error with `retryAfterMs` and decides, rather than hanging inside the library), or
 * when the shared budget refuses; the last two are reported as `retry-skipped` debug events.
 */
export function createRetryRunner(
  retry: RetryOptions | false | undefined,
  options: RetryRunnerOptions = {},
): RetryRunner {
  const { maxAttempts, baseDelayMs, maxDelayMs, budget: budgetOption } = resolveRetryOptions(retry);
  const { onDebug } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const budget = budgetOption === false ? undefined : toBudget(budgetOption, now);

  /** How long to wait before retrying after attempt `attempt` and why, or undefined when its outcome is final. */
  function nextRetry<T>(
    outcome: RetryOutcome<T>,
    call: RetryCall<T>,
    attempt: number,
  ): { delayMs: number; reason: string } | undefined {
    if (call.signal?.aborted) return undefined;
    const decision = call.classify(outcome);
    if (decision === undefined) return undefined;
    const skipped = (reason: "retry-budget-exhausted" | "retry-after-too-long", delayMs?: number) => {
      emitDebug(onDebug, {
        type: "retry-skipped",
        method: call.method,
        url: redactUrl(call.url),
        attempt,
        reason,
        ...(delayMs === undefined ? {} : { delayMs }),
      });
      return undefined;
    };
    const { retryAfterMs } = decision;
    if (retryAfterMs !== undefined && retryAfterMs > maxDelayMs) {
      return skipped("retry-after-too-long", retryAfterMs);
    }
    if (budget && !budget.tryAcquireRetry()) return skipped("retry-budget-exhausted");
    const delayMs = retryAfterMs ?? backoffDelay(attempt, { baseDelayMs, maxDelayMs, random });
    return { delayMs, reason: decision.reason };
  }

  return {
    async run<T>(attempt: (attemptNumber: number) => Promise<T>, call: RetryCall<T>): Promise<T> {
      budget?.recordRequest();
      for (let attemptNumber = 1; ; attemptNumber++) {
        let outcome: RetryOutcome<T>;
        try {
          outcome = { value: await attempt(attemptNumber) };
        } catch (error) {
          outcome = { error };
        }
        const retry = attemptNumber < maxAttempts ? nextRetry(outcome, call, attemptNumber) : undefined;
        if (retry === undefined) {
          if ("value" in outcome) return outcome.value;
          throw outcome.error;
        }
        emitDebug(onDebug, {
          type: "retry",
          method: call.method,
          url: redactUrl(call.url),
          attempt: attemptNumber + 1,
          delayMs: retry.delayMs,
          reason: retry.reason,
        });
        if ("value" in outcome) call.discard?.(outcome.value);
        await sleep(retry.delayMs, call.signal);
        call.signal?.throwIfAborted();
      }
    },
  };
}

/** A budget given whole is shared as is; options make one for this runner alone, on its clock. */
function toBudget(budget: RetryBudget | RetryBudgetOptions, now: () => number): RetryBudget {
  if ("tryAcquireRetry" in budget) return budget;
  return createRetryBudget({ now, ...budget });
}
