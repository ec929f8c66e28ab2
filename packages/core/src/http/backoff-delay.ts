/** What {@link backoffDelay} needs besides the attempt number. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); `Math.random` in production, a constant in tests. */
  random: () => number;
}

/**
 * How long to wait before the retry that follows failed attempt `attempt` (1-based): exponential backoff with
 * full jitter, `random() * min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))`.
 *
 * Full jitter rather than a fixed schedule because many clients failing together (a sync of thousands of
 * permissions hitting a restarting server) would otherwise retry together and fail together again.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}
