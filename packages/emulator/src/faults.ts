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

/** What happens to one call. */
export interface FaultDecision {
  /** The method, e.g. `CreateExplicitRepoPermission`. */
  readonly method: string;
  /** The call's number among that method's calls, from 1. */
  readonly call: number;
  /** Latency to add before handling the call, in ms. */
  readonly latencyMs: number;
  /** The fault to inject, if any. */
  readonly kind: FaultKind | undefined;
  /** The `Retry-After` of a `rateLimited` answer, in seconds. */
  readonly retryAfterSeconds: number;
}

/** Decides the faults of calls, and remembers the faults it injected. */
export interface FaultInjector {
  /** Decides the fate of the next call of `method`. */
  decide(method: string): FaultDecision;
  /** The decisions that injected a fault, in order. */
  readonly log: readonly FaultDecision[];
  /** Starts over: call numbers from 1 again, an empty log. The same calls then replay the same faults. */
  reset(): void;
}

/** Every fault kind, in the order the documentation lists them. */
export const FAULT_KINDS: readonly FaultKind[] = ["unavailable", "rateLimited", "reset", "lostAnswer"];

// The default `kinds`: every kind, weight 1.
const ALL_KINDS = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 1])) as Readonly<
  Record<FaultKind, number>
>;

/**
 * A deterministic fault injector (see {@link FaultOptions}). Options are assumed valid
 * (`validateFaultOptions`).
 */
export function createFaultInjector(options: FaultOptions): FaultInjector {
  const seed = options.seed ?? 0;
  const calls = new Map<string, number>();
  const log: FaultDecision[] = [];
  const ruleOf = (method: string): FaultRule => ({ ...options, ...options.perMethod?.[method] });

  return {
    log,
    reset() {
      calls.clear();
      log.length = 0;
    },
    decide(method) {
      const call = (calls.get(method) ?? 0) + 1;
      calls.set(method, call);
      const rule = ruleOf(method);
      const latency = typeof rule.latencyMs === "number" ? { fixed: rule.latencyMs } : (rule.latencyMs ?? {});
      const jitter = latency.jitter ?? 0;
      const latencyMs =
        (latency.fixed ?? 0) +
        (jitter > 0 ? Math.floor(seededRandom(seed, method, call, "jitter") * (jitter + 1)) : 0);

      let kind: FaultKind | undefined;
      const rate = rule.rate ?? 0;
      if (rate > 0 && seededRandom(seed, method, call, "rate") < rate) {
        const weights = Object.entries(rule.kinds ?? ALL_KINDS).filter(([, weight]) => weight > 0) as Array<
          [FaultKind, number]
        >;
        let pick =
          seededRandom(seed, method, call, "kind") * weights.reduce((sum, [, weight]) => sum + weight, 0);
        for (const [candidate, weight] of weights) {
          kind = candidate;
          pick -= weight;
          if (pick < 0) break;
        }
      }
      const decision = { method, call, latencyMs, kind, retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
      if (kind) log.push(decision);
      return decision;
    },
  };
}

/**
 * A pseudo-random number in [0, 1) that depends only on its inputs: a seed and any number of parts (strings or
 * integers). Murmur3's 32-bit finalizer mixes each part in; that is plenty for spreading faults evenly, and
 * unlike a stateful generator the answer for "call 17 of Create" does not depend on what ran before it.
 */
export function seededRandom(seed: number, ...parts: ReadonlyArray<string | number>): number {
  let hash = mix((seed | 0) ^ 0x9e3779b9);
  for (const part of parts) {
    if (typeof part === "number") {
      hash = mix(hash + (part >>> 0));
      hash = mix(hash + Math.floor(part / 2 ** 32));
    } else {
      for (let i = 0; i < part.length; i++) hash = mix(hash + part.charCodeAt(i));
      hash = mix(hash + part.length);
    }
  }
  return hash / 2 ** 32;
}

function mix(value: number): number {
  let h = (value + 0x6d2b79f5) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Checks fault options; a problem is a `RangeError` naming the option, e.g. `faults.perMethod.Create.rate`.
 *
 * @param methods - the method names `perMethod` may use, so that a typo is an error rather than no faults; a name
 *   ending in `*` allows every name with that prefix (`graphql:*` for GraphQL operations).
 */
export function validateFaultOptions(
  options: FaultOptions,
  methods: readonly string[],
  path = "faults",
): void {
  if (typeof options !== "object" || options === null) fail(path, "must be an object");
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    fail(`${path}.seed`, `must be an integer, got ${String(options.seed)}`);
  }
  validateRule(options, path);
  for (const [method, rule] of Object.entries(options.perMethod ?? {})) {
    const known = methods.some((name) =>
      name.endsWith("*")
        ? method.length > name.length - 1 && method.startsWith(name.slice(0, -1))
        : name === method,
    );
    if (!known) fail(`${path}.perMethod.${method}`, `is not a method (known: ${methods.join(", ")})`);
    if (typeof rule !== "object" || rule === null) fail(`${path}.perMethod.${method}`, "must be an object");
    validateRule(rule, `${path}.perMethod.${method}`);
  }
}

function validateRule(rule: FaultRule, path: string): void {
  if (rule.rate !== undefined && !(typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1)) {
    fail(`${path}.rate`, `must be a number from 0 to 1, got ${String(rule.rate)}`);
  }
  if (rule.kinds !== undefined) {
    let total = 0;
    for (const [kind, weight] of Object.entries(rule.kinds)) {
      if (!FAULT_KINDS.includes(kind as FaultKind))
        fail(`${path}.kinds.${kind}`, `is not a fault kind (known: ${FAULT_KINDS.join(", ")})`);
      if (!(typeof weight === "number" && Number.isFinite(weight) && weight >= 0)) {
        fail(`${path}.kinds.${kind}`, `must be a weight >= 0, got ${String(weight)}`);
      }
      total += weight;
    }
    if (total === 0 && (rule.rate ?? 0) > 0)
      fail(`${path}.kinds`, "must give at least one kind a positive weight");
  }
  const latency = rule.latencyMs;
  if (typeof latency === "number" || latency === undefined) {
    milliseconds(latency, `${path}.latencyMs`);
  } else if (typeof latency === "object" && latency !== null) {
    milliseconds(latency.fixed, `${path}.latencyMs.fixed`);
    milliseconds(latency.jitter, `${path}.latencyMs.jitter`);
  } else {
    fail(`${path}.latencyMs`, "must be a number of ms or { fixed, jitter }");
  }
  if (
    rule.retryAfterSeconds !== undefined &&
    !(Number.isSafeInteger(rule.retryAfterSeconds) && rule.retryAfterSeconds >= 0)
  ) {
    fail(
      `${path}.retryAfterSeconds`,
      `must be a whole number of seconds >= 0, got ${String(rule.retryAfterSeconds)}`,
    );
  }
}

function milliseconds(value: unknown, path: string): void {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    fail(path, `must be a number of milliseconds >= 0, got ${String(value)}`);
  }
}

function fail(path: string, problem: string): never {
  throw new RangeError(`${path}: ${problem}`);
}
