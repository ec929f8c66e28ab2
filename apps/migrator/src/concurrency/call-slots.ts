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
