import { sleep } from "../server/sleep.js";
import { CapacityExceededError } from "./capacity-exceeded-error.js";
import type { CapacityOptions, CapacityStats } from "./capacity-options.js";

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
        // A failed call (not found, denied) still cost the database its base service time.
        await sleep(serviceMs + perRowMs * rows, closed.signal).catch(() => {});
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
