// The public API of @sgkit/emulator: `startEmulator`, its options, the seed it is given (and two ready-made ones),
// and the types of what it returns (its live state included). How it is built inside is not part of the API.

export type { CapacityOptions, CapacityStats, LatencyHistogram } from "./capacity.js";
export type {
  FaultDecision,
  FaultInjector,
  FaultKind,
  FaultOptions,
  FaultRule,
  LatencyOptions,
} from "./faults.js";
export { DEFAULT_ALIAS_LIMIT, type GraphQLOptions } from "./graphql-api/create-graphql-handler.js";
export type { SearchOptions } from "./search-api/create-search-handler.js";
export { DOCUMENTED_IDS, documentedSeed } from "./seed/documented-seed.js";
export { readSeedFile } from "./seed/load-seed.js";
export { sampleSeed } from "./seed/sample-seed.js";
export type {
  EmulatorSeed,
  SeedOrg,
  SeedPendingPermission,
  SeedPermission,
  SeedRepository,
  SeedRepositoryRef,
  SeedSearchContext,
  SeedSearchContextRepository,
  SeedSubRepoPermission,
  SeedToken,
  SeedUser,
  SeedUserRef,
} from "./seed/seed-types.js";
export { SeedError } from "./seed/validate-seed.js";
export { type Emulator, type EmulatorOptions, startEmulator } from "./server/start-emulator.js";
export type {
  AccessToken,
  BindIDMode,
  Org,
  OrgDirectory,
  TokenStore,
  User,
  UserDirectory,
} from "./state/accounts.js";
export type { AuditEntry, AuditLog } from "./state/audit-log.js";
export type { CallCounters } from "./state/call-counters.js";
export type { EmulatorState, NamedNamespace, ReplacedPermissions } from "./state/emulator-state.js";
export type { ExplicitPermissions, IdPage } from "./state/explicit-permissions.js";
export type { PendingPermissions } from "./state/pending-permissions.js";
export type { PermissionWrite, PermissionWriteLog } from "./state/permission-write-log.js";
export type { Repository, RepositoryCatalog, RepositoryPage } from "./state/repository-catalog.js";
export type {
  SearchContext,
  SearchContextFields,
  SearchContextNamespace,
  SearchContextRepository,
  SearchContextStore,
} from "./state/search-contexts.js";
export type { SubRepoPermissions, SubRepoRule } from "./state/sub-repo-permissions.js";
