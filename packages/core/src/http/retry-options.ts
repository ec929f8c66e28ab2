import { ConfigurationError } from "../errors/configuration-error.js";
import type { RetryBudget, RetryBudgetOptions } from "./retry-budget.js";

/** The longest delay timers keep (2³¹ − 1 ms, about 24.8 days); a longer one fires at once instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * How sgkit retries a failed request. Only idempotent requests with a replayable body are retried, after a
 * network error, a timeout, or HTTP 408, 429, 500, 502, 503 or 504.
 *
 * When a 429 or 503 carries `Retry-After`, sgkit waits exactly that long instead of its backoff, so it never
 * comes back earlier than the server asked. When `Retry-After` is longer than `maxDelayMs`, sgkit does not
 * retry at all and returns the response: the caller gets a `RateLimitedError` with `retryAfterMs` and can
 * decide, instead of a call hanging for an hour inside the library.
 */
export interface RetryOptions {
  /** Total attempts, the first one included. Default 4; 1 disables retries. */
  maxAttempts?: number;
  /** The backoff ceiling of the first retry, doubled for each one after. Default 500 ms. */
  baseDelayMs?: number;
  /** The cap on any wait, backoff or `Retry-After`. Default 30 000 ms. */
  maxDelayMs?: number;
  /**
   * The retry budget shared by every request of one `createSourcegraphFetch` (default: ratio 0.1, floor 1/s,
   * 10 s window); pass a {@link RetryBudget} to share one across clients, or `false` for none.
   */
  budget?: RetryBudgetOptions | RetryBudget | false;
}

/** {@link RetryOptions} with every default applied and checked. */
export interface ResolvedRetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budget: RetryBudgetOptions | RetryBudget | false;
}

/** Applies the defaults to `options`; `false` means a single attempt. Rejects nonsense with a `ConfigurationError`. */
export function resolveRetryOptions(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (options === false) return { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, budget: false };
  const { maxAttempts = 4, baseDelayMs = 500, maxDelayMs = 30_000, budget = {} } = options ?? {};
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new ConfigurationError("retry.maxAttempts must be an integer of at least 1.", {
      setting: "retry.maxAttempts",
    });
  }
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= 0 && maxDelayMs <= MAX_TIMER_MS)) {
    throw new ConfigurationError(
      `retry.baseDelayMs and retry.maxDelayMs must not be negative, and maxDelayMs at most ${MAX_TIMER_MS}.`,
      { setting: "retry.maxDelayMs" },
    );
  }
  return { maxAttempts, baseDelayMs, maxDelayMs, budget };
}
