// The public API of @sgkit/graphql: re-exports only.

export type { DecodedNodeId, NodeIdKey } from "@sgkit/contracts/graphql";
export { schemaSDL } from "@sgkit/contracts/graphql";
export type { BatchLookupOptions } from "./batching.js";
export {
  createGraphQLClient,
  type GraphQLClient,
  type GraphQLClientOptions,
  IDEMPOTENT_MUTATIONS,
  isIdempotentOperation,
  type RequestArguments,
  type RequestOptions,
  type Variables,
} from "./client.js";
export {
  type GraphQLErrorEntry,
  GraphQLResponseError,
  InvalidArgumentError,
  InvalidNodeIdError,
  InvalidPathRuleError,
  NotFoundError,
  QUERY_COMPLEXITY_CODE,
  QueryComplexityError,
} from "./errors.js";
export * from "./gen/operations/graphql.js";
export { databaseIdOf, decodeNodeId, encodeNodeId } from "./node-ids.js";
export {
  type AuthorizedRepository,
  type AuthorizedUserRepositoriesOptions,
  authorizedUserRepositories,
  type MutationOptions,
  type RepositoryAuthorizedUsersOptions,
  repositoryAuthorizedUsers,
  type SubRepoPermission,
  setRepositoryPermissionsForUsers,
  setRepositoryPermissionsUnrestricted,
  setSubRepositoryPermissionsForUsers,
  usersWithPendingPermissions,
  validatePathRule,
} from "./permissions.js";
export {
  REPOSITORY_IDS_CHUNK_SIZE,
  type RepositoriesOptions,
  type RepositoryIdsByNameOptions,
  type RepositoryIdsByNameResult,
  type RepositoryNode,
  repositories,
  repositoriesByNodeId,
  repositoryIdsByName,
  repositoryIdsByNameQuery,
} from "./repositories.js";
export {
  createSearchContext,
  deleteSearchContext,
  type NewSearchContext,
  type SearchContext,
  type SearchContextCallOptions,
  type SearchContextEdit,
  type SearchContextRepositoryInput,
  type SearchContextsOptions,
  searchContextById,
  searchContextBySpec,
  searchContexts,
  toSearchContextEdit,
  updateSearchContext,
} from "./search-contexts.js";
export {
  currentUser,
  findUser,
  type User,
  type UserNode,
  type UsersByBindIdOptions,
  usersByBindId,
  usersByNodeId,
} from "./users.js";
export { VERSION } from "./version.js";
