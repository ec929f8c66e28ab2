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

/** What the guardrails counted in the plan's operations. */
export interface PlannedChanges {
  readonly create: number;
  readonly delete: number;
  /** Repositories whose ACL the operations empty. */
  readonly emptied: number;
  /** The base of `--max-deletes N%`: the current grants of the plan's repositories (see {@link checkGuardrails}). */
  readonly currentGrants: number;
}

/**
 * Refuses, before anything is written, a plan that is for another instance, too old, deletes more than
 * `--max-deletes` allows (default 5% of the planned repositories' current grants), or empties an ACL without
 * `--allow-empty`.
 *
 * The deletes and the emptied ACLs are counted from the plan's operations, never taken from its totals: the
 * totals must agree with them, or the plan is refused. The base of a percentage is the one figure the operations
 * cannot give (the plan lists only the repositories that change, while the base counts every planned
 * repository's grants): it is the plan's `currentGrants`, covered by the plan id like the rest of the file, and
 * never below the grants of the repositories the plan lists.
 *
 * @returns the counts, for progress and reports.
 * @throws {MigratorError} saying which limit and how to lift it.
 */
export async function checkGuardrails(plan: PlanFile, guardrails: Guardrails): Promise<PlannedChanges> {
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
  const counted = { create: 0, delete: 0, emptied: 0, listedGrants: 0 };
  const emptied: string[] = [];
  for await (const repository of plan.repositories()) {
    const { count } = repository.observed;
    const after = count + repository.create.length - repository.delete.length;
    if (after !== repository.desired || after < 0) {
      throw new MigratorError(
        `The plan's operations on ${repository.name} do not add up (${count} grants, ${repository.create.length} creates and ${repository.delete.length} deletes do not make ${repository.desired}): the plan was edited or is damaged; re-run plan. Nothing was changed.`,
      );
    }
    counted.create += repository.create.length;
    counted.delete += repository.delete.length;
    counted.listedGrants += count;
    if (after === 0 && count > 0) {
      counted.emptied += 1;
      if (emptied.length < LISTED) emptied.push(`  ${repository.name} (${repository.source})`);
    }
  }
  const { totals } = trailer;
  if (
    totals.create !== counted.create ||
    totals.delete !== counted.delete ||
    totals.emptied !== counted.emptied ||
    !Number.isSafeInteger(totals.currentGrants) ||
    totals.currentGrants < counted.listedGrants
  ) {
    throw new MigratorError(
      `The plan's totals do not match its operations (${counted.create} creates, ${counted.delete} deletes, ${counted.emptied} emptied ACLs): the plan was edited or is damaged; re-run plan. Nothing was changed.`,
    );
  }
  const currentGrants = totals.currentGrants;
  const allowed = maxDeletesAllowed(guardrails.maxDeletes, currentGrants);
  if (counted.delete > allowed) {
    const limit =
      guardrails.maxDeletes.kind === "percent"
        ? `${guardrails.maxDeletes.value}% of the ${currentGrants} current grants = ${allowed}`
        : `${allowed}`;
    throw new MigratorError(
      `The plan deletes ${countNoun(counted.delete, "permission", "permissions")}, more than --max-deletes allows (${limit}); nothing was changed. Check the plan, then raise --max-deletes (a count or a percentage) if the deletes are meant.`,
    );
  }
  if (counted.emptied > 0 && !guardrails.allowEmpty) {
    const unlisted = counted.emptied - emptied.length;
    throw new MigratorError(
      [
        `The plan empties the ACL of ${countNoun(counted.emptied, "repository", "repositories")}; nothing was changed. Pass --allow-empty if that is meant:`,
        ...emptied,
        ...(unlisted > 0 ? [`  … and ${unlisted} more`] : []),
      ].join("\n"),
    );
  }
  return { create: counted.create, delete: counted.delete, emptied: counted.emptied, currentGrants };
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
