import type { FaultOptions, FaultRule } from "./fault-options.js";

const KINDS = ["unavailable", "rateLimited", "reset", "lostAnswer"];

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
      if (!KINDS.includes(kind))
        fail(`${path}.kinds.${kind}`, `is not a fault kind (known: ${KINDS.join(", ")})`);
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
