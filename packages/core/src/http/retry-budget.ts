import { ConfigurationError } from "../errors/configuration-error.js";

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
