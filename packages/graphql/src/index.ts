// The public API of @sgkit/graphql: re-exports only.

export type { DecodedNodeId, NodeIdKey } from "@sgkit/contracts/graphql";
export { schemaSDL } from "@sgkit/contracts/graphql";
export type { BatchLookupOptions } from "./batching.js";
export {
  createGraphQLClient,
  type GraphQLClient,
  type GraphQLClientOptions,
  type GraphQLRequester,
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
  type MutationOptions,
  type RepositoryAuthorizedUsersOptions,
  type SubRepoPermission,
  validatePathRule,
} from "./permissions.js";
export {
  REPOSITORY_IDS_CHUNK_SIZE,
  type RepositoriesOptions,
  type RepositoryIdsByNameOptions,
  type RepositoryIdsByNameResult,
  type RepositoryNode,
  repositoryIdsByNameQuery,
} from "./repositories.js";
export {
  type NewSearchContext,
  type SearchContext,
  type SearchContextCallOptions,
  type SearchContextEdit,
  type SearchContextRepositoryInput,
  type SearchContextsOptions,
  toSearchContextEdit,
} from "./search-contexts.js";
export type {
  User,
  UserNode,
  UsersByBindIdOptions,
} from "./users.js";
export { VERSION } from "./version.js";
