import type { FaultKind, FaultOptions, FaultRule } from "./fault-options.js";
import { seededRandom } from "./seeded-random.js";

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

const ALL_KINDS: Readonly<Record<FaultKind, number>> = {
  unavailable: 1,
  rateLimited: 1,
  reset: 1,
  lostAnswer: 1,
};

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
