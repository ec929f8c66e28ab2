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
