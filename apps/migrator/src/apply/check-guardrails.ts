import { type MaxDeletes, maxDeletesAllowed } from "../cli/parse-max-deletes.js";
import { MigratorError } from "../errors/migrator-error.js";
import type { PlanFile } from "../plan/read-plan-file.js";
import { countNoun } from "../text/count-noun.js";

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
