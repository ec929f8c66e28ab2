import type { DebugEvent, DebugHook } from "./debug-event.js";

/**
 * Hands `event` to `hook`, if there is one. A hook is someone's logging code: it must never break the request
 * it observes, so what it throws, or the promise it rejects, is swallowed.
 */
export function emitDebug(hook: DebugHook | undefined, event: DebugEvent): void {
  if (hook === undefined) return;
  try {
    const result: unknown = hook(event);
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // See above: a failing hook is the hook's problem, not the request's.
  }
}
