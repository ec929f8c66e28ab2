import { performance } from "node:perf_hooks";

/** A running watch: when the condition first held, in ms after the watch started; undefined until then. */
export interface Watch {
  readonly ms: number | undefined;
  stop(): void;
}

/**
 * Polls `condition` every few milliseconds (on this process, which hosts the emulator) and notes when it first
 * holds: how a benchmark times a phase of a child process it cannot instrument, such as "the first List arrived".
 */
export function timeUntil(condition: () => boolean, intervalMs = 5): Watch {
  const started = performance.now();
  let ms: number | undefined;
  const timer = setInterval(() => {
    if (!condition()) return;
    ms = performance.now() - started;
    clearInterval(timer);
  }, intervalMs);
  return {
    get ms() {
      return ms;
    },
    stop: () => clearInterval(timer),
  };
}
