/** Paces calls to at most a given number per second; see {@link createRateLimiter}. */
export interface RateLimiter {
  /**
   * Resolves when the caller may start one call. Callers are served in the order they asked. If `signal`
   * aborts first, rejects with its reason and gives up the place in the line, so no slot is spent on it.
   */
  acquire(signal?: AbortSignal): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Float error in the refill must not cost a timer round: a bucket this close to a whole token has one. */
const EPSILON = 1e-9;

const unlimited: RateLimiter = {
  acquire(signal) {
    return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  },
};

/**
 * Creates a limiter that lets at most `maxPerSecond` calls start per second, on average and spread out: a token
 * bucket refilled at `maxPerSecond` tokens a second, holding at most `max(1, floor(maxPerSecond / 10))`, that
 * is a tenth of a second's worth.
 *
 * Why that burst: concurrent workers tend to come back in clumps, and a bucket of one would space out even a
 * clump that is well under the limit on average, costing throughput; a tenth of a second's tokens lets such
 * clumps through, while the server still never sees more than a tenth of a second's calls at once. The price
 * is that a one-second window that starts after an idle spell can see up to `maxPerSecond + burst - 1` starts
 * (at most 10% over); a busy run of any length averages `maxPerSecond`.
 *
 * `undefined` or `Infinity` means no limit: `acquire` resolves at once and no timer is ever set.
 * Fractional rates work (`0.5` is one call every two seconds).
 *
 * @throws RangeError when `maxPerSecond` is zero, negative or NaN.
 */
export function createRateLimiter(maxPerSecond: number | undefined): RateLimiter {
  if (maxPerSecond === undefined || maxPerSecond === Number.POSITIVE_INFINITY) return unlimited;
  if (!(maxPerSecond > 0)) {
    throw new RangeError(
      `The rate limit must be a positive number of calls per second, not ${maxPerSecond}.`,
    );
  }
  const rate = maxPerSecond;
  const capacity = Math.max(1, Math.floor(rate / 10));
  const queue: Waiter[] = [];
  let tokens = capacity;
  let refilledAt = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  // The cap only applies while nobody waits: tokens that accrue while callers wait are theirs, so a timer that
  // fires late (whole milliseconds, a busy event loop) hands the lateness back instead of losing it for good.
  function refill(): void {
    const now = performance.now();
    tokens += ((now - refilledAt) * rate) / 1000;
    if (queue.length === 0) tokens = Math.min(capacity, tokens);
    refilledAt = now;
  }

  function takeToken(): boolean {
    if (tokens < 1 - EPSILON) return false;
    tokens = Math.max(0, tokens - 1);
    return true;
  }

  function release(): void {
    timer = undefined;
    refill();
    while (queue.length > 0 && takeToken()) {
      const waiter = queue.shift() as Waiter;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
    if (queue.length === 0) tokens = Math.min(capacity, tokens);
    schedule();
  }

  // One timer at a time, for the head of the line: the others wait behind it in order.
  function schedule(): void {
    if (timer !== undefined || queue.length === 0) return;
    timer = setTimeout(release, Math.max(1, Math.ceil(((1 - tokens) * 1000) / rate)));
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      refill();
      if (queue.length === 0 && takeToken()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            queue.splice(queue.indexOf(waiter), 1);
            if (queue.length === 0 && timer !== undefined) {
              clearTimeout(timer);
              timer = undefined;
            }
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        queue.push(waiter);
        schedule();
      });
    },
  };
}
