import { type PlanMigrationOptions, type PlanSummary, planMigration } from "../plan/plan-migration.js";
import type { PlanRepository } from "../plan/plan-types.js";

/** What {@link verifyMigration} found. */
export interface VerifyResult {
  /** Whether every known repository's ACL is exactly its desired one. */
  readonly inSync: boolean;
  /** Permissions that differ: grants missing plus grants in excess. */
  readonly drift: number;
  readonly summary: PlanSummary;
}

/** What {@link verifyMigration} needs: planning's options, with `onDrift` for each repository that differs. */
export type VerifyMigrationOptions = Omit<PlanMigrationOptions, "onRepository" | "onInputs"> & {
  readonly onDrift?: (repository: PlanRepository) => Promise<void> | void;
};

/**
 * The last step: reads the instance again and compares each repository's ACL with the inputs, as planning does,
 * without writing anything. A repository that differs is handed to `onDrift` with the operations that would fix it.
 */
export async function verifyMigration(
  paths: readonly string[],
  options: VerifyMigrationOptions,
): Promise<VerifyResult> {
  const { onDrift, ...planning } = options;
  const summary = await planMigration(paths, {
    ...planning,
    onRepository: (repository) =>
      repository.create.length + repository.delete.length > 0 ? onDrift?.(repository) : undefined,
  });
  const drift = summary.totals.create + summary.totals.delete;
  return { inSync: drift === 0, drift, summary };
}
