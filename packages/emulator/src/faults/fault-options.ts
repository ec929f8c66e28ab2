/**
 * The faults the emulator can inject:
 *
 * - `unavailable`: answer 503 `unavailable` without running the method;
 * - `rateLimited`: answer 429 `resource_exhausted` with a `Retry-After` header (seconds), without running it;
 * - `reset`: destroy the connection without answering and without running the method;
 * - `lostAnswer`: run the method (a write is applied), then destroy the connection instead of answering, as
 *   when a proxy or the network drops a response. The client cannot tell it from `reset`, which is the point.
 */
export type FaultKind = "unavailable" | "rateLimited" | "reset" | "lostAnswer";

/** Added latency: `fixed` ms plus a uniform random `0..jitter` ms, before the call is handled. */
export interface LatencyOptions {
  readonly fixed?: number;
  readonly jitter?: number;
}

/** Faults for every method, or for one method in `perMethod`. */
export interface FaultRule {
  /** The probability, 0 to 1, that a call fails with one of `kinds`. Default 0. */
  readonly rate?: number;
  /**
   * Relative weights of the fault kinds among failing calls. Default: all four with weight 1. A kind left out
   * (or weighted 0) is never injected.
   */
  readonly kinds?: Readonly<Partial<Record<FaultKind, number>>>;
  /** Latency added to every call: a number of ms, or fixed + jitter. Default none. */
  readonly latencyMs?: number | LatencyOptions;
  /** The `Retry-After` of `rateLimited` answers, in whole seconds. Default 1. */
  readonly retryAfterSeconds?: number;
}

/**
 * Seeded fault injection. Each call's fate is a pure function of (`seed`, method, the call's number among that
 * method's calls), so the same seed and the same sequence of calls replay the same faults, and calls of one
 * method do not shift the faults of another.
 *
 * @example
 * ```ts
 * const faults: FaultOptions = {
 *   seed: 42,
 *   rate: 0.3,
 *   kinds: { unavailable: 1, rateLimited: 1, reset: 1, lostAnswer: 1 },
 *   latencyMs: { fixed: 5, jitter: 10 },
 *   perMethod: { ListExplicitRepoPermissions: { rate: 0 } },
 * };
 * ```
 */
export interface FaultOptions extends FaultRule {
  /** The seed of the pseudo-random decisions (an integer). Default 0. */
  readonly seed?: number;
  /**
   * Rules for single methods by name (e.g. `CreateExplicitRepoPermission`); each field given there replaces the
   * global one for that method (`kinds` as a whole).
   */
  readonly perMethod?: Readonly<Record<string, FaultRule>>;
}
