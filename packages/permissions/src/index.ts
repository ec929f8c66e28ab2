// The explicitrepopermissions.v1 schema generated from proto/ by protoc-gen-es: message types and their
// `*Schema` descriptors for `create`, `toJson` and `fromJson` of @bufbuild/protobuf, and `Service` for Connect.

export {
  createPermissionsClient,
  type PermissionsClientOptions,
} from "./client/create-permissions-client.js";
export type {
  CreateRequest,
  GrantResult,
  ListPageRequest,
  ListRequest,
  PermissionsCallOptions,
  PermissionsClient,
  PermissionsPage,
  ReplaceRepositoryPermissionsOptions,
  ReplaceRepositoryPermissionsResult,
  RevokeResult,
} from "./client/permissions-client.js";
export { AlreadyExistsError } from "./errors/already-exists-error.js";
export { InvalidResourceNameError, type ResourceKind } from "./errors/invalid-resource-name-error.js";
export { LicenseRequiredError } from "./errors/license-required-error.js";
export { NotFoundError } from "./errors/not-found-error.js";
export * from "./gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
export {
  type ParsedPermissionName,
  type ParsedRepositoryName,
  type ParsedResourceName,
  type ParsedResourceNames,
  type ParsedUserName,
  parseResourceName,
} from "./names/parse-resource-name.js";
export { permissionName } from "./names/permission-name.js";
export { type RepositoryInput, repositoryName } from "./names/repository-name.js";
export { type UserInput, userName } from "./names/user-name.js";
export type { UserRef } from "./names/user-ref.js";
export { VERSION } from "./version.js";
