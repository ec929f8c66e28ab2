/**
 * The HTTP statuses after which the default transport's fetch sends a call again: those of the Connect codes
 * that mean "not now" (`resource_exhausted` 429, `unavailable` 503, `deadline_exceeded` 504), and 502, which
 * Connect reads as `unavailable` when no Connect error came with it (a proxy's page). The same calls as the
 * retry interceptor retries over a transport of your own. Not 500, which `@sgkit/core` retries for plain
 * HTTP: in the Connect protocol it is `internal`, `unknown` or `data_loss`, which no retry fixes.
 */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504];
