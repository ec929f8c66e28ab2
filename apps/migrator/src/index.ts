// The public API of @sgkit/migrator: re-exports only. The CLI (`sgkit-migrate`) is `main`; each step of the
// pipeline is usable on its own: read inputs -> resolve -> read current state -> diff -> plan -> apply -> verify.

export { type ApplyPlanOptions, type ApplyProgress, applyPlan, drifted } from "./apply/apply-plan.js";
export type { ApplyReport, FailedOperation, SkippedRepository } from "./apply/apply-types.js";
export { checkGuardrails, type Guardrails } from "./apply/check-guardrails.js";
export type { CliIo } from "./cli/cli-io.js";
export { main } from "./cli/main.js";
export { aclFingerprint } from "./current-state/acl-fingerprint.js";
export { readCurrentAcl } from "./current-state/read-current-acl.js";
export { type AclDiff, diffAcl } from "./diff/diff-acl.js";
export { MigratorError } from "./errors/migrator-error.js";
export { type ExportAclsOptions, type ExportedAcl, exportAcls } from "./export/export-acls.js";
export { detectFormat } from "./inputs/detect-format.js";
export { InputError } from "./inputs/input-error.js";
export type * from "./inputs/input-types.js";
export { type ReadWinningRecordsOptions, readWinningRecords } from "./inputs/read-winning-records.js";
export { DEFAULT_MAX_RECORD_BYTES, type ScanInputsOptions, scanInputs } from "./inputs/scan-inputs.js";
export { PlanFileError } from "./plan/plan-file-error.js";
export { type PlanMigrationOptions, type PlanSummary, planMigration } from "./plan/plan-migration.js";
export type * from "./plan/plan-types.js";
export { type PlanFile, readPlanFile } from "./plan/read-plan-file.js";
export { createPlanWriter, type PlanWriter } from "./plan/write-plan-file.js";
export {
  type VerifyMigrationOptions,
  type VerifyResult,
  verifyMigration,
} from "./verify/verify-migration.js";
export { VERSION } from "./version.js";
