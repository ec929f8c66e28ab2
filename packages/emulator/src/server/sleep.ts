/**
 * Waits `ms` milliseconds (injected latency, a capacity slot's service time), or rejects with `signal.reason` as
 * soon as `signal` aborts, so a stopped emulator or a closed connection leaves no timer behind. The emulator's
 * own rather than `@sgkit/core`'s, so that it depends on no client package.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // No timer for nothing to wait: zero latency costs no macrotask, also under fake timers.
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
