import { MigratorError } from "../errors/migrator-error.js";

/** The `--max-deletes` guardrail: a number of deletes, or a share of the grants the instance has. */
export type MaxDeletes =
  | { readonly kind: "count"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number };

const OPTION = "--max-deletes";
/** Percentages are exact to this many decimals (0.0001%), so that the limit is computed without float error. */
const PERCENT_DECIMALS = 4;
const PERCENT_SCALE = 10 ** PERCENT_DECIMALS;
const COUNT = /^\d+$/;
const PERCENT = /^(\d+)(?:\.(\d+))?%$/;

/**
 * Parses `--max-deletes`: a whole number of deletes (`100`) or a percentage of the current grants (`5%`,
 * `0.5%`, up to 100% and 4 decimals). Whitespace around it is ignored.
 *
 * @throws MigratorError naming `--max-deletes` for negatives, percentages over 100% or with more than 4
 *   decimals, fractional counts, and anything else.
 */
export function parseMaxDeletes(text: string): MaxDeletes {
  const trimmed = text.trim();
  const fail = (problem: string) => new MigratorError(`${OPTION}: ${JSON.stringify(text)} ${problem}`);
  if (trimmed.startsWith("-")) throw fail("is negative; use a count such as 100 or a percentage such as 5%");
  if (COUNT.test(trimmed)) {
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) throw fail("is too large a count");
    return { kind: "count", value };
  }
  const percent = PERCENT.exec(trimmed);
  if (percent !== null) {
    if ((percent[2] ?? "").length > PERCENT_DECIMALS)
      throw fail(`has more than ${PERCENT_DECIMALS} decimals`);
    const value = Number(trimmed.slice(0, -1));
    if (value > 100) throw fail("is more than 100%");
    return { kind: "percent", value };
  }
  if (/^\d+\.\d+$/.test(trimmed))
    throw fail("is not a whole number of deletes; for a share of the grants add %");
  throw fail("is not a count or a percentage; use e.g. 100, 5% or 0.5%");
}

/**
 * How many deletes `limit` allows when the instance has `currentGrants` grants: a count as it is; a
 * percentage of `currentGrants` rounded down, so the guardrail never lets through more than the share it
 * states (5% of 19 grants allows 0 deletes, 5% of 20 allows 1). The arithmetic is exact, with no float error.
 *
 * @throws RangeError when `currentGrants` is not a non-negative integer, or `limit` is not one that
 *   {@link parseMaxDeletes} could return.
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
      `A delete limit must be a percentage from 0 to 100 with at most ${PERCENT_DECIMALS} decimals, not ${limit.value}.`,
    );
  }
  return Number((BigInt(currentGrants) * BigInt(scaled)) / BigInt(100 * PERCENT_SCALE));
}
