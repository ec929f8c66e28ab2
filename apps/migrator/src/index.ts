// The public API of @sgkit/migrator: re-exports only. Each step of the pipeline is usable on its own: read inputs
// -> resolve -> read current state -> diff -> plan -> apply -> verify, export, and rollback (a plan from a
// journal); the call slots and the retry layer that let a run ride through faults and outages as the CLI's do; and
// the parser of legacy GraphQL requests that the bridge and the recorded-call inputs share. The CLI
// (`sgkit-migrate`) is the bin, not part of this entry.

export {
  ApplyGaveUpError,
  type ApplyPlanOptions,
  type ApplyProgress,
  applyPlan,
  drifted,
  JournalWriteError,
} from "./apply/apply-plan.js";
export { checkGuardrails, type Guardrails, type PlannedChanges } from "./apply/guardrails.js";
export {
  JournalDamagedError,
  type JournalHeaderValue,
  type JournalInternals,
} from "./apply/journal-file.js";
export {
  type ApplyReport,
  applySucceeded,
  type ConflictedRepository,
  type FailedOperation,
  type SkippedRepository,
} from "./apply/report.js";
export { type CallSlots, type CallSlotsOptions, createCallSlots } from "./concurrency.js";
export { type ExportAclsOptions, type ExportedAcl, exportAcls } from "./export/export-acls.js";
export { InputError } from "./inputs/input-error.js";
export type * from "./inputs/input-types.js";
export { detectFormat } from "./inputs/read-file-fragments.js";
export { type ReadWinningRecordsOptions, readWinningRecords } from "./inputs/read-winning-records.js";
export { DEFAULT_MAX_RECORD_BYTES, type ScanInputsOptions, scanInputs } from "./inputs/scan-inputs.js";
export {
  type LegacyField,
  type LegacyGraphQLError,
  type LegacyLocation,
  type LegacyRequest,
  LegacyRequestError,
  type NotMigratableField,
  type ParsedLegacyRequest,
  parseLegacyRequest,
} from "./legacy/legacy-request.js";
export { MigratorError } from "./migrator-error.js";
export { type AclDiff, aclFingerprint, diffAcl, readCurrentAcl } from "./plan/acl.js";
export type { MaxDeletes } from "./plan/delete-limit.js";
export {
  createPlanWriter,
  type PlanFile,
  PlanFileError,
  type PlanWriter,
  readPlanFile,
} from "./plan/plan-file.js";
export {
  type PlanMigrationOptions,
  type PlanSummary,
  planMigration,
  type VerifyMigrationOptions,
  type VerifyResult,
  verifyMigration,
} from "./plan/plan-migration.js";
export type * from "./plan/plan-types.js";
export {
  type CallContext,
  createResilience,
  DEFAULT_MAX_OUTAGE_MS,
  OutageError,
  type Resilience,
  type ResilienceInternals,
  type ResilienceOptions,
  type ResilienceStats,
  type ResilienceStatus,
} from "./resilience.js";
export type { BindIdMode } from "./resolve/users.js";
export {
  type DriftedRepository,
  MAX_LISTED_DRIFTED,
  type PlanRollbackOptions,
  planRollback,
  type RollbackSummary,
  type RolledBackJournal,
} from "./rollback/plan-rollback.js";
export { VERSION } from "./version.js";
