import { MigratorError } from "../migrator-error.js";
import { describeMaxDeletes, type MaxDeletes, maxDeletesAllowed } from "../plan/delete-limit.js";
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
  /** `--max-plan-age` as the user wrote it (`2h`): the refusal gives the plan's age in its units. */
  readonly maxPlanAgeText?: string;
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
      const limit = guardrails.maxPlanAgeText?.trim();
      throw new MigratorError(
        `The plan is ${formatAge(age, guardrails.maxPlanAgeMs, limit ?? "m")} old, older than --max-plan-age ${limit ?? formatAge(guardrails.maxPlanAgeMs, 0, "m")}: re-run plan to see the instance as it is now.`,
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
        `The plan's operations on ${repository.name} do not add up (${countNoun(count, "grant", "grants")}, ${countNoun(repository.create.length, "create", "creates")} and ${countNoun(repository.delete.length, "delete", "deletes")} do not make ${repository.desired}): the plan was edited or is damaged; re-run plan. Nothing was changed.`,
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
      `The plan's totals do not match its operations (${countNoun(counted.create, "create", "creates")}, ${countNoun(counted.delete, "delete", "deletes")}, ${countNoun(counted.emptied, "emptied ACL", "emptied ACLs")}): the plan was edited or is damaged; re-run plan. Nothing was changed.`,
    );
  }
  const currentGrants = totals.currentGrants;
  const allowed = maxDeletesAllowed(guardrails.maxDeletes, currentGrants);
  if (counted.delete > allowed) {
    const limit = describeMaxDeletes(guardrails.maxDeletes, currentGrants);
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

const UNITS = [
  { unit: "d", ms: 86_400_000, one: "day", many: "days" },
  { unit: "h", ms: 3_600_000, one: "hour", many: "hours" },
  { unit: "m", ms: 60_000, one: "minute", many: "minutes" },
  { unit: "s", ms: 1000, one: "second", many: "seconds" },
] as const;

/**
 * `age` in the units of `limitText` (a duration as `--max-plan-age` takes it: `2h`, `1h30m`): from its largest
 * unit (which takes in any larger one: 3 days against `2h` are `72 hours`) down to its smallest, and further down
 * only as far as it takes to show that the age is over `limitMs`: `3 hours`, `2 hours 1 minute`.
 */
function formatAge(age: number, limitMs: number, limitText: string): string {
  const used = UNITS.filter(({ unit }) => new RegExp(`\\d${unit}`).test(limitText));
  const largest = Math.max(
    0,
    UNITS.findIndex(({ unit }) => unit === (used[0]?.unit ?? "m")),
  );
  const smallest = UNITS.findIndex(({ unit }) => unit === (used.at(-1)?.unit ?? "m"));
  const parts: string[] = [];
  let left = Math.max(0, Math.floor(age));
  let shown = 0;
  for (let index = largest; index < UNITS.length; index += 1) {
    const { ms, one, many } = UNITS[index] as (typeof UNITS)[number];
    const count = Math.floor(left / ms);
    left -= count * ms;
    shown += count * ms;
    if (count > 0) parts.push(`${count} ${count === 1 ? one : many}`);
    if (index >= smallest && shown > limitMs) break;
  }
  if (parts.length === 0) {
    const unit = UNITS[smallest] ?? UNITS[2];
    return `0 ${unit.many}`;
  }
  return parts.join(" ");
}
