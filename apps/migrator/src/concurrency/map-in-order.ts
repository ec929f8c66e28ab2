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
