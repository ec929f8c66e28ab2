export type { CapacityOptions, CapacityStats } from "./capacity/capacity-options.js";
export type { FaultDecision, FaultInjector } from "./faults/create-fault-injector.js";
export type { FaultKind, FaultOptions, FaultRule, LatencyOptions } from "./faults/fault-options.js";
export { DEFAULT_ALIAS_LIMIT, type GraphQLOptions } from "./graphql-api/create-graphql-handler.js";
export { GraphQLErrorCode, type GraphQLErrorCodeValue } from "./graphql-api/graphql-api-error.js";
export {
  AUTHORIZED_USER_REPOSITORIES_MAX,
  REPOSITORIES_MAX,
} from "./graphql-api/resolvers/query-resolvers.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./permissions-api/list-permissions.js";
export type { SearchOptions } from "./search-api/create-search-handler.js";
export { type LoadSeedOptions, loadSeed } from "./seed/load-seed.js";
export { readSeedFile } from "./seed/read-seed-file.js";
export { sampleSeed } from "./seed/sample-seed.js";
export { SeedError } from "./seed/seed-error.js";
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
export { validateSeed } from "./seed/validate-seed.js";
export { type Emulator, type EmulatorOptions, startEmulator } from "./server/start-emulator.js";
export type { AuditEntry, AuditLog } from "./state/audit-log.js";
export type { CallCounters } from "./state/call-counters.js";
export {
  EmulatorState,
  type EmulatorStateOptions,
  type NamedNamespace,
  type ReplacedPermissions,
} from "./state/emulator-state.js";
export type { ExplicitPermissions, IdPage } from "./state/explicit-permissions.js";
export { isPathAllowed } from "./state/is-path-allowed.js";
export type { Org, OrgDirectory } from "./state/org-directory.js";
export type { PendingPermissions } from "./state/pending-permissions.js";
export type { PermissionWrite, PermissionWriteLog } from "./state/permission-write-log.js";
export type { Repository, RepositoryCatalog, RepositoryPage } from "./state/repository-catalog.js";
export type {
  SearchContext,
  SearchContextFields,
  SearchContextNamespace,
  SearchContextRepository,
  SearchContextStore,
} from "./state/search-context-store.js";
export type { SubRepoPermissions, SubRepoRule } from "./state/sub-repo-permissions.js";
export type { AccessToken, TokenStore } from "./state/token-store.js";
export type { BindIDMode, User, UserDirectory } from "./state/user-directory.js";
