import type { PlanTotals } from "../src/plan/plan-types.js";
import type { ExpectedPlan } from "./create-bench-instance.js";

/** The totals `plan --json` prints: the plan file's own type. */
export type { PlanTotals };

/**
 * Throws unless the plan found exactly the changes the generator made: a fast but wrong plan must not be
 * reported as a result.
 */
export function checkPlanTotals(totals: PlanTotals, expected: ExpectedPlan): void {
  const unchanged = expected.entries - expected.create;
  const mismatches = [
    ["changed repositories", totals.changed, expected.changedRepositories],
    ["creates", totals.create, expected.create],
    ["deletes", totals.delete, expected.delete],
    ["unchanged", totals.unchanged, unchanged],
    ["current grants", totals.currentGrants, expected.currentGrants],
  ].filter(([, found, wanted]) => found !== wanted);
  if (mismatches.length > 0) {
    throw new Error(
      `the plan does not match the generated instance: ${mismatches
        .map(([what, found, wanted]) => `${what} ${found}, expected ${wanted}`)
        .join("; ")}`,
    );
  }
}
