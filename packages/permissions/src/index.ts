// The public API of @sgkit/permissions: re-exports only.

// The explicitrepopermissions.v1 schema (generated from proto/ by protoc-gen-es, kept in @sgkit/contracts): message
// types and their `*Schema` descriptors for `create`, `toJson` and `fromJson` of @bufbuild/protobuf, and
// `Service` for Connect. Re-exported whole, so imports from @sgkit/permissions keep working.
export * from "@sgkit/contracts/permissions";
export {
  createPermissionsClient,
  type PermissionsClientOptions,
} from "./client/create-permissions-client.js";
export type {
  CreateRequest,
  GrantOutcome,
  GrantResult,
  ListPageRequest,
  ListRequest,
  PermissionsCallOptions,
  PermissionsClient,
  PermissionsPage,
  ReplaceInterference,
  ReplaceRepositoryPermissionsOptions,
  ReplaceRepositoryPermissionsResult,
  RevokeOutcome,
  RevokeResult,
} from "./client/permissions-client.js";
export { AlreadyExistsError } from "./errors/already-exists-error.js";
export { InvalidResourceNameError, type ResourceKind } from "./errors/invalid-resource-name-error.js";
export { LicenseRequiredError } from "./errors/license-required-error.js";
export { NotFoundError } from "./errors/not-found-error.js";
export {
  type ParsedPermissionName,
  type ParsedRepositoryName,
  type ParsedResourceName,
  type ParsedResourceNames,
  type ParsedUserName,
  parseResourceName,
  permissionName,
  type RepositoryInput,
  repositoryName,
  type UserInput,
  type UserRef,
  userName,
} from "./names.js";
export { VERSION } from "./version.js";
