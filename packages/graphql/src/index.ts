// The public API of @sgkit/graphql: re-exports only.

export type { BatchLookupOptions } from "./batching/aliased-lookup.js";
export { createGraphQLClient, type GraphQLClientOptions } from "./client/create-graphql-client.js";
export type { GraphQLClient, RequestArguments, RequestOptions, Variables } from "./client/graphql-client.js";
export { IDEMPOTENT_MUTATIONS, isIdempotentOperation } from "./client/is-idempotent-operation.js";
export { type GraphQLErrorEntry, GraphQLResponseError } from "./errors/graphql-response-error.js";
export { InvalidArgumentError } from "./errors/invalid-argument-error.js";
export { InvalidNodeIdError } from "./errors/invalid-node-id-error.js";
export { InvalidPathRuleError } from "./errors/invalid-path-rule-error.js";
export { NotFoundError } from "./errors/not-found-error.js";
export { QUERY_COMPLEXITY_CODE, QueryComplexityError } from "./errors/query-complexity-error.js";
export * from "./gen/operations/graphql.js";
export { schemaSDL } from "./gen/schema-sdl.js";
export { databaseIdOf } from "./node-ids/database-id-of.js";
export { decodeNodeId } from "./node-ids/decode-node-id.js";
export { encodeNodeId } from "./node-ids/encode-node-id.js";
export type { DecodedNodeId, NodeIdKey } from "./node-ids/node-id-key.js";
export {
  type AuthorizedRepository,
  type AuthorizedUserRepositoriesOptions,
  authorizedUserRepositories,
} from "./permissions/authorized-user-repositories.js";
export {
  type RepositoryAuthorizedUsersOptions,
  repositoryAuthorizedUsers,
} from "./permissions/repository-authorized-users.js";
export {
  REPOSITORY_IDS_CHUNK_SIZE,
  type RepositoryIdsByNameOptions,
  type RepositoryIdsByNameResult,
  repositoryIdsByName,
  repositoryIdsByNameQuery,
} from "./permissions/repository-ids-by-name.js";
export {
  type MutationOptions,
  setRepositoryPermissionsForUsers,
} from "./permissions/set-repository-permissions-for-users.js";
export { setRepositoryPermissionsUnrestricted } from "./permissions/set-repository-permissions-unrestricted.js";
export {
  type SubRepoPermission,
  setSubRepositoryPermissionsForUsers,
} from "./permissions/set-sub-repository-permissions-for-users.js";
export { usersWithPendingPermissions } from "./permissions/users-with-pending-permissions.js";
export { validatePathRule } from "./permissions/validate-path-rule.js";
export { type RepositoriesOptions, repositories } from "./repositories/repositories.js";
export { repositoriesByNodeId } from "./repositories/repositories-by-node-id.js";
export type { RepositoryNode } from "./repositories/repository-node.js";
export { createSearchContext } from "./search-contexts/create-search-context.js";
export { deleteSearchContext } from "./search-contexts/delete-search-context.js";
export { searchContextById } from "./search-contexts/search-context-by-id.js";
export { searchContextBySpec } from "./search-contexts/search-context-by-spec.js";
export type {
  NewSearchContext,
  SearchContext,
  SearchContextCallOptions,
  SearchContextEdit,
  SearchContextRepositoryInput,
} from "./search-contexts/search-context-types.js";
export { type SearchContextsOptions, searchContexts } from "./search-contexts/search-contexts.js";
export { toSearchContextEdit } from "./search-contexts/to-search-context-edit.js";
export { updateSearchContext } from "./search-contexts/update-search-context.js";
export { currentUser, type User } from "./users/current-user.js";
export { findUser } from "./users/find-user.js";
export type { UserNode } from "./users/user-node.js";
export { type UsersByBindIdOptions, usersByBindId } from "./users/users-by-bind-id.js";
export { usersByNodeId } from "./users/users-by-node-id.js";
export { VERSION } from "./version.js";
