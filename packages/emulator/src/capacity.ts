import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * A capacity model, so that performance work meets a server that saturates like a database: `workers` calls
 * are served at once, each holding its worker for `serviceMs` plus `perRowMs` per List row returned; other
 * calls wait in a FIFO queue, and a call that has waited `queueTimeoutMs` without a worker fails `unavailable`.
 * Below capacity latency is the service time; past it latency rises with the queue, then calls fail.
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
  readonly start: () => void;
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

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (closed.signal.aborted) return Promise.reject(new CapacityExceededError(0));
    if (busy < options.workers && queue.length === 0) {
      busy += 1;
      served += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
      };
      const waiter: Waiter = {
        start: () => {
          leave();
          resolve();
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

  const release = () => {
    const next = queue[0];
    if (next) {
      // The worker passes straight to the head of the queue.
      served += 1;
      next.start();
    } else {
      busy -= 1;
    }
  };

  return {
    async run(work, rowsOf, signal) {
      await acquire(signal);
      let rows = 0;
      try {
        const result = await work();
        rows = rowsOf?.(result) ?? 0;
        return result;
      } finally {
        // A failed call (not found, denied) still cost the database its base service time. No timer when there
        // is nothing to wait: a free call costs no macrotask, under fake timers too.
        const holdMs = serviceMs + perRowMs * rows;
        if (holdMs > 0) await sleep(holdMs, undefined, { signal: closed.signal }).catch(() => {});
        release();
      }
    },
    stats: () => ({ workers: options.workers, busy, queued: queue.length, maxQueued, served, rejected }),
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
