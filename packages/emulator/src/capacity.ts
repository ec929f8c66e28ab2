import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * A capacity model, so that performance work meets a server that saturates like a database: `workers` calls
 * are served at once, each holding its worker for `serviceMs` plus `perRowMs` per List row returned; other
 * calls wait in a FIFO queue, and a call that has waited `queueTimeoutMs` without a worker fails `unavailable`.
 * Below capacity latency is the service time; past it latency rises with the queue, then calls fail. Saturated,
 * it serves `workers / serviceMs` calls per ms even when the process hosting it runs its timers late.
 */
export interface CapacityOptions {
  /** How many calls are served at once (an integer >= 1). */
  readonly workers: number;
  /** The time every call holds a worker, in ms. Default 0. */
  readonly serviceMs?: number;
  /** Extra time per row a call returns (List permissions), in ms. Default 0. */
  readonly perRowMs?: number;
  /** The longest a call waits for a worker before failing `unavailable`, in ms. Default 1000. */
  readonly queueTimeoutMs?: number;
}

/** What the capacity model has done so far. */
export interface CapacityStats {
  /** The configured worker count. */
  readonly workers: number;
  /** Workers serving a call now. */
  readonly busy: number;
  /** Calls waiting for a worker now. */
  readonly queued: number;
  /** The longest the queue has been. */
  readonly maxQueued: number;
  /** Calls that got a worker. */
  readonly served: number;
  /** Calls that failed because no worker freed up within `queueTimeoutMs`. */
  readonly rejected: number;
  /** How long served calls took, from arrival (queue wait included) to the end of their service time. */
  readonly latency: LatencyHistogram;
}

/**
 * A snapshot of the latencies of served calls, in buckets 2% wide (from 0.1 ms): a percentile is the upper bound of
 * its bucket, within 2% of the exact value, and the histogram's size does not grow with the calls.
 */
export interface LatencyHistogram {
  /** Calls counted. */
  readonly count: number;
  /** The latency within which `fraction` (0 to 1, e.g. 0.95) of the counted calls were served, in ms; 0 if none. */
  percentile(fraction: number): number;
  /** The calls counted here but not in `earlier`, an earlier snapshot of the same model: a phase's latencies. */
  since(earlier: LatencyHistogram): LatencyHistogram;
}

const BUCKET_GROWTH = 1.02;
const SMALLEST_BUCKET_MS = 0.1;
/** Buckets up to 0.1 ms × 1.02^900, about 5 hours; longer latencies land in the last. */
const BUCKETS = 900;

function bucketOf(ms: number): number {
  if (!(ms > SMALLEST_BUCKET_MS)) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / SMALLEST_BUCKET_MS) / Math.log(BUCKET_GROWTH)));
}

/** The counts behind each histogram, for `since`. */
const countsOf = new WeakMap<LatencyHistogram, Float64Array>();

/** A histogram over `counts`, which it owns (the caller copies them first). */
function histogramOf(counts: Float64Array): LatencyHistogram {
  const count = counts.reduce((sum, n) => sum + n, 0);
  const histogram: LatencyHistogram = {
    count,
    percentile(fraction) {
      if (count === 0) return 0;
      const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, fraction)) * count));
      let seen = 0;
      for (const [bucket, n] of counts.entries()) {
        seen += n;
        if (seen >= rank)
          return bucket === 0 ? SMALLEST_BUCKET_MS : SMALLEST_BUCKET_MS * BUCKET_GROWTH ** bucket;
      }
      return SMALLEST_BUCKET_MS * BUCKET_GROWTH ** (BUCKETS - 1);
    },
    since(earlier) {
      const before = countsOf.get(earlier);
      if (!before) throw new TypeError("since: not a latency histogram of the capacity model");
      return histogramOf(counts.map((n, bucket) => Math.max(0, n - (before[bucket] ?? 0))));
    },
  };
  countsOf.set(histogram, counts);
  return histogram;
}

/** A call waited longer than the queue timeout for a worker; APIs answer it as `unavailable` (503). */
export class CapacityExceededError extends Error {
  override readonly name = "CapacityExceededError";
  /** How long the call waited, in ms. */
  readonly waitedMs: number;

  constructor(waitedMs: number) {
    super(`server over capacity: no worker became free within ${waitedMs} ms`);
    this.waitedMs = waitedMs;
  }
}

/** Runs calls through the capacity model. */
export interface CapacityLimiter {
  /**
   * Waits for a worker, runs `work`, then keeps the worker for the service time (`serviceMs`, plus `perRowMs`
   * times the rows `rowsOf` counts in the result) before resolving. Rejects with a
   * {@link CapacityExceededError} when no worker frees up within the queue timeout, and with the signal's reason
   * when it aborts while queued (the call then never runs).
   */
  run<T>(work: () => Promise<T>, rowsOf?: (result: T) => number, signal?: AbortSignal): Promise<T>;
  /** The counts so far. */
  stats(): CapacityStats;
  /** Fails every queued call and stops service-time waits; for shutdown. */
  close(): void;
}

interface Waiter {
  /** `at`: when the worker became free in the model's time (see `run`). */
  readonly start: (at: number) => void;
  readonly fail: (reason: unknown) => void;
}

/**
 * A capacity model with a FIFO queue (see {@link CapacityOptions}); options are assumed valid. It uses the
 * global `setTimeout` at call time, so tests can drive it with fake timers.
 */
export function createCapacityLimiter(options: CapacityOptions): CapacityLimiter {
  const serviceMs = options.serviceMs ?? 0;
  const perRowMs = options.perRowMs ?? 0;
  const queueTimeoutMs = options.queueTimeoutMs ?? 1000;
  const queue: Waiter[] = [];
  const closed = new AbortController();
  let busy = 0;
  let maxQueued = 0;
  let served = 0;
  let rejected = 0;
  const latencies = new Float64Array(BUCKETS);

  /**
   * Resolves with when the call got its worker in the model's time: when the worker became free (see `run`), or
   * when the call arrived if that was later.
   */
  const acquire = (arrived: number, signal?: AbortSignal): Promise<number> => {
    if (closed.signal.aborted) return Promise.reject(new CapacityExceededError(0));
    if (busy < options.workers && queue.length === 0) {
      busy += 1;
      served += 1;
      return Promise.resolve(arrived);
    }
    return new Promise<number>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
      };
      const waiter: Waiter = {
        start: (at) => {
          leave();
          resolve(Math.max(at, arrived));
        },
        fail: (reason) => {
          leave();
          reject(reason);
        },
      };
      const onAbort = () => waiter.fail(signal?.reason);
      const timer = setTimeout(() => {
        rejected += 1;
        waiter.fail(new CapacityExceededError(queueTimeoutMs));
      }, queueTimeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      maxQueued = Math.max(maxQueued, queue.length);
    });
  };

  const release = (at: number) => {
    const next = queue[0];
    if (next) {
      // The worker passes straight to the head of the queue.
      served += 1;
      next.start(at);
    } else {
      busy -= 1;
    }
  };

  return {
    async run(work, rowsOf, signal) {
      const arrived = Date.now();
      const started = await acquire(arrived, signal);
      const working = Date.now();
      let rows = 0;
      try {
        const result = await work();
        rows = rowsOf?.(result) ?? 0;
        return result;
      } finally {
        // A failed call (not found, denied) still cost the database its base service time. The worker is held
        // until the model's time says so, from when it became free: on a busy machine this process's timers fire
        // late, and a model that held each worker a full service time from a late handover would serve fewer
        // calls than its capacity, measuring the machine rather than the client. No timer when there is nothing
        // to wait: a free call costs no macrotask, under fake timers too.
        const endsAt = started + (Date.now() - working) + serviceMs + perRowMs * rows;
        const waitMs = endsAt - Date.now();
        if (waitMs > 0) await sleep(waitMs, undefined, { signal: closed.signal }).catch(() => {});
        release(Math.min(endsAt, Date.now()));
        const bucket = bucketOf(Date.now() - arrived);
        latencies[bucket] = (latencies[bucket] ?? 0) + 1;
      }
    },
    stats: () => ({
      workers: options.workers,
      busy,
      queued: queue.length,
      maxQueued,
      served,
      rejected,
      latency: histogramOf(latencies.slice()),
    }),
    close() {
      closed.abort();
      for (const waiter of [...queue]) waiter.fail(new CapacityExceededError(0));
    },
  };
}

/** Checks capacity options; a problem is a `RangeError` naming the option, e.g. `capacity.workers`. */
export function validateCapacityOptions(options: CapacityOptions, path = "capacity"): void {
  if (typeof options !== "object" || options === null) throw new RangeError(`${path}: must be an object`);
  if (!(Number.isSafeInteger(options.workers) && options.workers >= 1)) {
    throw new RangeError(`${path}.workers: must be an integer >= 1, got ${String(options.workers)}`);
  }
  for (const key of ["serviceMs", "perRowMs", "queueTimeoutMs"] as const) {
    const value = options[key];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${path}.${key}: must be a number of milliseconds >= 0, got ${String(value)}`);
    }
  }
}

/**
 * Runs each Connect call through the capacity model; a call that found no worker in time fails `unavailable`
 * (503), which clients retry with backoff. Rows are counted in List answers (`explicit_repo_permissions`).
 */
export function capacityInterceptor(limiter: CapacityLimiter): Interceptor {
  return (next) => async (request) => {
    try {
      return await limiter.run(
        () => next(request),
        (response) => {
          const message = response.message as { explicitRepoPermissions?: unknown[] };
          return Array.isArray(message.explicitRepoPermissions) ? message.explicitRepoPermissions.length : 0;
        },
        request.signal,
      );
    } catch (error) {
      if (error instanceof CapacityExceededError) throw new ConnectError(error.message, Code.Unavailable);
      throw error;
    }
  };
}
