// Bounded concurrency: how many calls run at once, and an ordered window over work as it arrives.

/** Runs calls with at most `limit` in flight, the rest waiting in order. */
export interface CallSlots {
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * One pool of call slots for the whole apply, shared by every repository in progress, so that `--concurrency`
 * bounds the calls in flight however the work is spread across repositories. `before` (the rate limiter's wait)
 * runs inside the slot, so that the rate limiter's queue never holds more than `limit` calls.
 */
export function createCallSlots(limit: number, before?: () => Promise<void>): CallSlots {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return {
    async run(call) {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        if (before) await before();
        return await call();
      } finally {
        release();
      }
    },
  };
}

/**
 * Results a run keeps in flight per call slot: enough that a slot never idles while the consumer handles the
 * oldest result, few enough that memory stays a few ACLs per slot.
 */
export const LOOKAHEAD_PER_SLOT = 4;

/**
 * Starts `task` on each item of `source` as it arrives, keeping up to `lookahead` tasks ahead of the consumer,
 * and yields their results in the source's order as the oldest finishes: work never waits for a whole batch,
 * and memory holds at most `lookahead` results. Bound how many tasks actually run at once inside `task` (call
 * slots). A task's failure is thrown when its turn comes; the tasks behind it are left to settle unheard, so the
 * caller should abort them (their signal) when it stops early.
 */
export async function* mapInOrder<T, R>(
  source: AsyncIterable<T>,
  lookahead: number,
  task: (item: T) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const window: Promise<R>[] = [];
  for await (const item of source) {
    const running = task(item);
    // Handled now, so that a task failing behind the window's head is not an unhandled rejection.
    running.catch(() => {});
    window.push(running);
    if (window.length >= lookahead) yield await (window.shift() as Promise<R>);
  }
  while (window.length > 0) yield await (window.shift() as Promise<R>);
}
