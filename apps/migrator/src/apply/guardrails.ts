import { MigratorError } from "../migrator-error.js";
import type { PlanFile } from "../plan/plan-file.js";
import { countNoun } from "../plan/render-plan.js";

/** Emptied repositories named in the refusal; the rest are counted. */
const LISTED = 20;

/** The limits apply checks before its first write. */
export interface Guardrails {
  /** The instance apply would write to (normalized). */
  readonly endpoint: string;
  /** Refuse plans older than this; undefined for no limit. */
  readonly maxPlanAgeMs?: number;
  readonly maxDeletes: MaxDeletes;
  /** Allow emptying a repository's ACL. */
  readonly allowEmpty: boolean;
  readonly now?: () => number;
}

/**
 * Refuses, before anything is written, a plan that is for another instance, too old, deletes more than
 * `--max-deletes` allows (default 5% of the planned repositories' current grants), or empties an ACL without
 * `--allow-empty`.
 *
 * @throws {MigratorError} saying which limit and how to lift it.
 */
export async function checkGuardrails(plan: PlanFile, guardrails: Guardrails): Promise<void> {
  const { header, trailer } = plan;
  if (header.endpoint !== guardrails.endpoint) {
    throw new MigratorError(
      `The plan was made against ${header.endpoint}, not ${guardrails.endpoint}: apply it to the instance it was made from, or re-run plan.`,
    );
  }
  if (guardrails.maxPlanAgeMs !== undefined) {
    const created = Date.parse(header.createdAt);
    if (Number.isNaN(created)) {
      throw new MigratorError(
        `The plan's creation time ${JSON.stringify(header.createdAt)} is not a date, so --max-plan-age cannot be checked: re-run plan.`,
      );
    }
    const age = (guardrails.now ?? Date.now)() - created;
    if (age > guardrails.maxPlanAgeMs) {
      throw new MigratorError(
        `The plan is ${Math.round(age / 60_000)} minutes old, older than --max-plan-age allows: re-run plan to see the instance as it is now.`,
      );
    }
  }
  const allowed = maxDeletesAllowed(guardrails.maxDeletes, trailer.totals.currentGrants);
  if (trailer.totals.delete > allowed) {
    const limit =
      guardrails.maxDeletes.kind === "percent"
        ? `${guardrails.maxDeletes.value}% of the ${trailer.totals.currentGrants} current grants = ${allowed}`
        : `${allowed}`;
    throw new MigratorError(
      `The plan deletes ${countNoun(trailer.totals.delete, "permission", "permissions")}, more than --max-deletes allows (${limit}); nothing was changed. Check the plan, then raise --max-deletes (a count or a percentage) if the deletes are meant.`,
    );
  }
  if (trailer.totals.emptied > 0 && !guardrails.allowEmpty) {
    const names: string[] = [];
    for await (const repository of plan.repositories()) {
      if (repository.desired === 0 && repository.observed.count > 0)
        names.push(`  ${repository.name} (${repository.source})`);
      if (names.length === LISTED) break;
    }
    const unlisted = trailer.totals.emptied - names.length;
    throw new MigratorError(
      [
        `The plan empties the ACL of ${countNoun(trailer.totals.emptied, "repository", "repositories")}; nothing was changed. Pass --allow-empty if that is meant:`,
        ...names,
        ...(unlisted > 0 ? [`  … and ${unlisted} more`] : []),
      ].join("\n"),
    );
  }
}

/** The `--max-deletes` guardrail: a number of deletes, or a share of the grants the instance has. */
export type MaxDeletes =
  | { readonly kind: "count"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number };

/** Percentages are exact to this many decimals (0.0001%), so that the limit is computed without float error. */
export const MAX_DELETES_DECIMALS = 4;
const PERCENT_SCALE = 10 ** MAX_DELETES_DECIMALS;

/**
 * How many deletes `limit` allows when the instance has `currentGrants` grants: a count as it is; a
 * percentage of `currentGrants` rounded down, so the guardrail never lets through more than the share it
 * states (5% of 19 grants allows 0 deletes, 5% of 20 allows 1). The arithmetic is exact, with no float error.
 *
 * @throws RangeError when `currentGrants` is not a non-negative integer, or `limit` is not one that
 *   `--max-deletes` can say (a count, or a percentage of at most 4 decimals).
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
  return Number((BigInt(currentGrants) * BigInt(scaled)) / BigInt(100 * PERCENT_SCALE));
}
