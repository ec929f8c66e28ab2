// The `--max-deletes` limit: what it says, and how many deletes it allows on an instance. Planning states it (so
// that `plan` says when `apply` will refuse) and apply's guardrails enforce it.

/**
 * The `--max-deletes` guardrail: a number of deletes, or a share of the grants the instance has. A percentage may
 * carry a `floor`, a number of deletes it always allows: the default's, so that 5% of a small instance's grants
 * does not round down to no delete at all.
 */
export type MaxDeletes =
  | { readonly kind: "count"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number; readonly floor?: number };

/** Percentages are exact to this many decimals (0.0001%), so that the limit is computed without float error. */
export const MAX_DELETES_DECIMALS = 4;
const PERCENT_SCALE = 10 ** MAX_DELETES_DECIMALS;

/** Deletes the default allows whatever the size of the instance. */
const DEFAULT_MAX_DELETES_FLOOR = 10;

/**
 * Deletes allowed when `--max-deletes` is not given: 5% of the planned repositories' current grants, and at least
 * {@link DEFAULT_MAX_DELETES_FLOOR}. A `--max-deletes 5%` given by hand has no floor.
 */
export const DEFAULT_MAX_DELETES: MaxDeletes = {
  kind: "percent",
  value: 5,
  floor: DEFAULT_MAX_DELETES_FLOOR,
};

/** Whether `limit` is the default (the same share and floor), so that a command line it is in can leave it out. */
export function isDefaultMaxDeletes(limit: MaxDeletes): boolean {
  const floor = (limit: MaxDeletes) => (limit.kind === "percent" ? limit.floor : undefined);
  return (
    limit.kind === DEFAULT_MAX_DELETES.kind &&
    limit.value === DEFAULT_MAX_DELETES.value &&
    floor(limit) === floor(DEFAULT_MAX_DELETES)
  );
}

/**
 * How many deletes `limit` allows when the instance has `currentGrants` grants: a count as it is; a
 * percentage of `currentGrants` rounded down, so the guardrail never lets through more than the share it
 * states (5% of 19 grants allows 0 deletes, 5% of 20 allows 1), then raised to its `floor` if it has one. The
 * arithmetic is exact, with no float error.
 *
 * @throws RangeError when `currentGrants` is not a non-negative integer, or `limit` is not one that
 *   `--max-deletes` can say (a count, or a percentage of at most 4 decimals, with a whole-number floor).
 */
export function maxDeletesAllowed(limit: MaxDeletes, currentGrants: number): number {
  if (!Number.isSafeInteger(currentGrants) || currentGrants < 0) {
    throw new RangeError(`The current grants must be a non-negative integer, not ${currentGrants}.`);
  }
  if (limit.kind === "count") {
    if (!Number.isSafeInteger(limit.value) || limit.value < 0) {
      throw new RangeError(`A delete limit must be a non-negative integer, not ${limit.value}.`);
    }
    return limit.value;
  }
  const scaled = Math.round(limit.value * PERCENT_SCALE);
  if (!(limit.value >= 0 && limit.value <= 100) || Math.abs(scaled - limit.value * PERCENT_SCALE) > 1e-6) {
    throw new RangeError(
      `A delete limit must be a percentage from 0 to 100 with at most ${MAX_DELETES_DECIMALS} decimals, not ${limit.value}.`,
    );
  }
  const floor = limit.floor ?? 0;
  if (!Number.isSafeInteger(floor) || floor < 0) {
    throw new RangeError(`A delete limit's floor must be a non-negative integer, not ${limit.floor}.`);
  }
  const share = Number((BigInt(currentGrants) * BigInt(scaled)) / BigInt(100 * PERCENT_SCALE));
  return Math.max(share, floor);
}

/**
 * The limit in words, for messages: `100`, `5% of the 40 current grants = 2`, or where a floor raises it
 * `5% of the 40 current grants = 2, at least 10`.
 */
export function describeMaxDeletes(limit: MaxDeletes, currentGrants: number): string {
  const allowed = maxDeletesAllowed(limit, currentGrants);
  if (limit.kind === "count") return `${allowed}`;
  const share = maxDeletesAllowed({ kind: "percent", value: limit.value }, currentGrants);
  const base = `${limit.value}% of the ${currentGrants} current ${currentGrants === 1 ? "grant" : "grants"} = ${share}`;
  return allowed > share ? `${base}, at least ${allowed}` : base;
}
