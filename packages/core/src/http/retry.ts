import { ConfigurationError, NetworkError, TimeoutError } from "../errors.js";
import { redactUrl } from "../redaction.js";
import { type DebugHook, emitDebug } from "./debug.js";
import { discardResponse, isReplayableBody, type Middleware } from "./request.js";
import { MAX_TIMER_MS } from "./timeout.js";

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

  return (next) => (request) =>
    runner.run(
      // A first attempt's response records nothing: responseAttempts counts a response it has no record of as 1.
      (attempt) => {
        if (attempt === 1) return next(request.attempt === 1 ? request : { ...request, attempt });
        return next({ ...request, attempt }).then((response) => recordResponseAttempts(response, attempt));
      },
      {
        method: request.method,
        url: request.url,
        signal: request.signal,
        classify: request.idempotent && isReplayableBody(request.body) ? classify : isFinal,
        discard: discardResponse,
      },
    );
}

/** What a request that may not be retried makes of every outcome. */
function isFinal(): undefined {
  return undefined;
}

/** RFC 9110's idempotent methods that Sourcegraph's APIs use; TRACE is left out as nothing sends it. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Whether a request may be sent again after a failure without doing harm, judged by its method alone: GET, HEAD,
 * OPTIONS, PUT and DELETE are; POST and PATCH are not. A client that knows better (a GraphQL query sent as
 * POST, a Connect call the API documents as safe) says so with `idempotent: true` on the request.
 */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** `Retry-After` in delta-seconds: digits only, as RFC 9110 allows; `1.5` or `-1` are not delta-seconds. */
const DELAY_SECONDS = /^\d+$/;

/**
 * The delay a `Retry-After` header asks for, in milliseconds: delta-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`) measured from `nowMs`. A date in the past means 0; a missing or
 * unparseable value gives `undefined`, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  // Date.parse would take a bare number such as "-5" as a year: only date-shaped text gets this far.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The attempt that produced each response the retry layer settled on after a retry (first attempts are not
 * written). A side table rather than a property: a `Response` is not ours to extend.
 */
const ATTEMPTS = new WeakMap<Response, number>();

/** Records that `response` answered attempt `attempt` (2 or more) of its request. */
export function recordResponseAttempts(response: Response, attempt: number): Response {
  ATTEMPTS.set(response, attempt);
  return response;
}

/**
 * How many attempts the shared fetch made before it settled on `response`: 1 unless its retry layer retried,
 * and 1 for a response that did not come from a `SourcegraphFetch`. A client that reports "the call was
 * retried" (an answer of `already_exists` may then be of its own earlier attempt) reads it here.
 */
export function responseAttempts(response: Response): number {
  return ATTEMPTS.get(response) ?? 1;
}

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

/** What {@link backoffDelay} needs besides the attempt number. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); `Math.random` in production, a constant in tests. */
  random: () => number;
}

/**
 * How long to wait before the retry that follows failed attempt `attempt` (1-based): exponential backoff with
 * full jitter, `random() * min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))`.
 *
 * Full jitter rather than a fixed schedule because many clients failing together (a sync of thousands of
 * permissions hitting a restarting server) would otherwise retry together and fail together again.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/**
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts: a caller who gives up
 * must not be kept waiting for a backoff to end.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // Nothing to wait for: no timer, so a zero delay also resolves under fake timers.
    if (ms <= 0) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A shared allowance of retries, in the manner of Finagle's and gRPC's retry budgets: retries may add at most
 * a fixed share of load on top of the requests themselves, so that a failing server sees a trickle of retries
 * instead of every client multiplying its traffic by `maxAttempts`.
 */
export interface RetryBudget {
  /** Records a request (a first attempt); each one earns `ratio` of a retry. */
  recordRequest(): void;
  /** Takes one retry from the budget; false when the budget is spent and the caller must not retry. */
  tryAcquireRetry(): boolean;
}

/** How a {@link RetryBudget} is sized. */
export interface RetryBudgetOptions {
  /** Retries allowed per request in the window, on top of the floor. Default 0.1: at most 10% extra load. */
  ratio?: number;
  /** Retries allowed per second whatever the traffic, so a client sending a few requests can still retry. Default 1. */
  minRetriesPerSecond?: number;
  /** The sliding window over which requests and retries are counted. Default 10 000 ms. */
  windowMs?: number;
  /** The clock, in milliseconds; `Date.now` unless a test injects its own. */
  now?: () => number;
}

/** The window is cut into this many buckets: memory stays constant however much traffic goes through. */
const BUCKETS = 10;

interface Bucket {
  /** Which slice of time this bucket counts, as `floor(now / bucketMs)`; a stale index means the slot is empty. */
  index: number;
  requests: number;
  retries: number;
}

/**
 * Creates a retry budget: a retry is allowed while the retries made in the last `windowMs` are fewer than
 * `ratio × requests in the window + minRetriesPerSecond × windowMs / 1000`.
 *
 * Counts are kept in ten buckets of `windowMs / 10`, so the window slides in steps of a tenth.
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const { ratio = 0.1, minRetriesPerSecond = 1, windowMs = 10_000, now = Date.now } = options;
  if (!(ratio >= 0) || !(minRetriesPerSecond >= 0) || !(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new ConfigurationError(
      "retry.budget needs ratio >= 0, minRetriesPerSecond >= 0 and a finite windowMs > 0.",
      { setting: "retry.budget" },
    );
  }
  const bucketMs = windowMs / BUCKETS;
  const floor = (minRetriesPerSecond * windowMs) / 1000;
  const buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ index: -1, requests: 0, retries: 0 }));

  function currentBucket(index: number): Bucket {
    const bucket = buckets[index % BUCKETS] as Bucket;
    if (bucket.index !== index) {
      bucket.index = index;
      bucket.requests = 0;
      bucket.retries = 0;
    }
    return bucket;
  }

  return {
    recordRequest() {
      currentBucket(Math.floor(now() / bucketMs)).requests++;
    },
    tryAcquireRetry() {
      const index = Math.floor(now() / bucketMs);
      let requests = 0;
      let retries = 0;
      for (const bucket of buckets) {
        if (index - bucket.index < BUCKETS) {
          requests += bucket.requests;
          retries += bucket.retries;
        }
      }
      if (retries >= ratio * requests + floor) return false;
      currentBucket(index).retries++;
      return true;
    },
  };
}
