/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AuthorizedUserRepositories($username: String, $email: String, $perm: RepositoryPermission, $first: Int!, $after: String) {\n  authorizedUserRepositories(\n    username: $username\n    email: $email\n    perm: $perm\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      name\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.AuthorizedUserRepositoriesDocument,
    "mutation CreateSearchContext($searchContext: SearchContextInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  createSearchContext(searchContext: $searchContext, repositories: $repositories) {\n    ...SearchContextFields\n  }\n}": typeof types.CreateSearchContextDocument,
    "query CurrentUser {\n  currentUser {\n    ...UserFields\n  }\n}": typeof types.CurrentUserDocument,
    "mutation DeleteSearchContext($id: ID!) {\n  deleteSearchContext(id: $id) {\n    alwaysNil\n  }\n}": typeof types.DeleteSearchContextDocument,
    "query Repositories($first: Int!, $after: String) {\n  repositories(first: $first, after: $after) {\n    nodes {\n      id\n      name\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.RepositoriesDocument,
    "query RepositoryAuthorizedUsers($repository: ID!, $first: Int!, $after: String) {\n  node(id: $repository) {\n    __typename\n    ... on Repository {\n      id\n      name\n      authorizedUsers(permission: READ, first: $first, after: $after) {\n        nodes {\n          ...UserFields\n        }\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n}": typeof types.RepositoryAuthorizedUsersDocument,
    "query SearchContextById($id: ID!) {\n  node(id: $id) {\n    __typename\n    ... on SearchContext {\n      ...SearchContextFields\n    }\n  }\n}": typeof types.SearchContextByIdDocument,
    "query SearchContextBySpec($spec: String!) {\n  searchContextBySpec(spec: $spec) {\n    ...SearchContextFields\n  }\n}": typeof types.SearchContextBySpecDocument,
    "fragment SearchContextFields on SearchContext {\n  id\n  name\n  spec\n  description\n  public\n  autoDefined\n  query\n  updatedAt\n  viewerCanManage\n  namespace {\n    __typename\n    id\n    namespaceName\n  }\n  repositories {\n    repository {\n      id\n      name\n    }\n    revisions\n  }\n}": typeof types.SearchContextFieldsFragmentDoc,
    "query SearchContexts($first: Int, $after: String, $query: String, $namespaces: [ID], $orderBy: SearchContextsOrderBy, $descending: Boolean) {\n  searchContexts(\n    first: $first\n    after: $after\n    query: $query\n    namespaces: $namespaces\n    orderBy: $orderBy\n    descending: $descending\n  ) {\n    nodes {\n      ...SearchContextFields\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.SearchContextsDocument,
    "mutation SetRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserPermissionInput!]!) {\n  setRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}": typeof types.SetRepositoryPermissionsForUsersDocument,
    "mutation SetRepositoryPermissionsUnrestricted($repositories: [ID!]!, $unrestricted: Boolean!) {\n  setRepositoryPermissionsUnrestricted(\n    repositories: $repositories\n    unrestricted: $unrestricted\n  ) {\n    alwaysNil\n  }\n}": typeof types.SetRepositoryPermissionsUnrestrictedDocument,
    "mutation SetSubRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserSubRepoPermission!]!) {\n  setSubRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}": typeof types.SetSubRepositoryPermissionsForUsersDocument,
    "mutation UpdateSearchContext($id: ID!, $searchContext: SearchContextEditInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  updateSearchContext(\n    id: $id\n    searchContext: $searchContext\n    repositories: $repositories\n  ) {\n    ...SearchContextFields\n  }\n}": typeof types.UpdateSearchContextDocument,
    "fragment UserFields on User {\n  id\n  username\n  displayName\n  siteAdmin\n  primaryEmail {\n    email\n    verified\n  }\n}": typeof types.UserFieldsFragmentDoc,
    "query User($username: String, $email: String) {\n  user(username: $username, email: $email) {\n    ...UserFields\n  }\n}": typeof types.UserDocument,
    "query UsersWithPendingPermissions {\n  usersWithPendingPermissions\n}": typeof types.UsersWithPendingPermissionsDocument,
};
const documents: Documents = {
    "query AuthorizedUserRepositories($username: String, $email: String, $perm: RepositoryPermission, $first: Int!, $after: String) {\n  authorizedUserRepositories(\n    username: $username\n    email: $email\n    perm: $perm\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      name\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.AuthorizedUserRepositoriesDocument,
    "mutation CreateSearchContext($searchContext: SearchContextInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  createSearchContext(searchContext: $searchContext, repositories: $repositories) {\n    ...SearchContextFields\n  }\n}": types.CreateSearchContextDocument,
    "query CurrentUser {\n  currentUser {\n    ...UserFields\n  }\n}": types.CurrentUserDocument,
    "mutation DeleteSearchContext($id: ID!) {\n  deleteSearchContext(id: $id) {\n    alwaysNil\n  }\n}": types.DeleteSearchContextDocument,
    "query Repositories($first: Int!, $after: String) {\n  repositories(first: $first, after: $after) {\n    nodes {\n      id\n      name\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.RepositoriesDocument,
    "query RepositoryAuthorizedUsers($repository: ID!, $first: Int!, $after: String) {\n  node(id: $repository) {\n    __typename\n    ... on Repository {\n      id\n      name\n      authorizedUsers(permission: READ, first: $first, after: $after) {\n        nodes {\n          ...UserFields\n        }\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n}": types.RepositoryAuthorizedUsersDocument,
    "query SearchContextById($id: ID!) {\n  node(id: $id) {\n    __typename\n    ... on SearchContext {\n      ...SearchContextFields\n    }\n  }\n}": types.SearchContextByIdDocument,
    "query SearchContextBySpec($spec: String!) {\n  searchContextBySpec(spec: $spec) {\n    ...SearchContextFields\n  }\n}": types.SearchContextBySpecDocument,
    "fragment SearchContextFields on SearchContext {\n  id\n  name\n  spec\n  description\n  public\n  autoDefined\n  query\n  updatedAt\n  viewerCanManage\n  namespace {\n    __typename\n    id\n    namespaceName\n  }\n  repositories {\n    repository {\n      id\n      name\n    }\n    revisions\n  }\n}": types.SearchContextFieldsFragmentDoc,
    "query SearchContexts($first: Int, $after: String, $query: String, $namespaces: [ID], $orderBy: SearchContextsOrderBy, $descending: Boolean) {\n  searchContexts(\n    first: $first\n    after: $after\n    query: $query\n    namespaces: $namespaces\n    orderBy: $orderBy\n    descending: $descending\n  ) {\n    nodes {\n      ...SearchContextFields\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.SearchContextsDocument,
    "mutation SetRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserPermissionInput!]!) {\n  setRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}": types.SetRepositoryPermissionsForUsersDocument,
    "mutation SetRepositoryPermissionsUnrestricted($repositories: [ID!]!, $unrestricted: Boolean!) {\n  setRepositoryPermissionsUnrestricted(\n    repositories: $repositories\n    unrestricted: $unrestricted\n  ) {\n    alwaysNil\n  }\n}": types.SetRepositoryPermissionsUnrestrictedDocument,
    "mutation SetSubRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserSubRepoPermission!]!) {\n  setSubRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}": types.SetSubRepositoryPermissionsForUsersDocument,
    "mutation UpdateSearchContext($id: ID!, $searchContext: SearchContextEditInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  updateSearchContext(\n    id: $id\n    searchContext: $searchContext\n    repositories: $repositories\n  ) {\n    ...SearchContextFields\n  }\n}": types.UpdateSearchContextDocument,
    "fragment UserFields on User {\n  id\n  username\n  displayName\n  siteAdmin\n  primaryEmail {\n    email\n    verified\n  }\n}": types.UserFieldsFragmentDoc,
    "query User($username: String, $email: String) {\n  user(username: $username, email: $email) {\n    ...UserFields\n  }\n}": types.UserDocument,
    "query UsersWithPendingPermissions {\n  usersWithPendingPermissions\n}": types.UsersWithPendingPermissionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuthorizedUserRepositories($username: String, $email: String, $perm: RepositoryPermission, $first: Int!, $after: String) {\n  authorizedUserRepositories(\n    username: $username\n    email: $email\n    perm: $perm\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      name\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query AuthorizedUserRepositories($username: String, $email: String, $perm: RepositoryPermission, $first: Int!, $after: String) {\n  authorizedUserRepositories(\n    username: $username\n    email: $email\n    perm: $perm\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      name\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateSearchContext($searchContext: SearchContextInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  createSearchContext(searchContext: $searchContext, repositories: $repositories) {\n    ...SearchContextFields\n  }\n}"): (typeof documents)["mutation CreateSearchContext($searchContext: SearchContextInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  createSearchContext(searchContext: $searchContext, repositories: $repositories) {\n    ...SearchContextFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CurrentUser {\n  currentUser {\n    ...UserFields\n  }\n}"): (typeof documents)["query CurrentUser {\n  currentUser {\n    ...UserFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteSearchContext($id: ID!) {\n  deleteSearchContext(id: $id) {\n    alwaysNil\n  }\n}"): (typeof documents)["mutation DeleteSearchContext($id: ID!) {\n  deleteSearchContext(id: $id) {\n    alwaysNil\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Repositories($first: Int!, $after: String) {\n  repositories(first: $first, after: $after) {\n    nodes {\n      id\n      name\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Repositories($first: Int!, $after: String) {\n  repositories(first: $first, after: $after) {\n    nodes {\n      id\n      name\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RepositoryAuthorizedUsers($repository: ID!, $first: Int!, $after: String) {\n  node(id: $repository) {\n    __typename\n    ... on Repository {\n      id\n      name\n      authorizedUsers(permission: READ, first: $first, after: $after) {\n        nodes {\n          ...UserFields\n        }\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query RepositoryAuthorizedUsers($repository: ID!, $first: Int!, $after: String) {\n  node(id: $repository) {\n    __typename\n    ... on Repository {\n      id\n      name\n      authorizedUsers(permission: READ, first: $first, after: $after) {\n        nodes {\n          ...UserFields\n        }\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchContextById($id: ID!) {\n  node(id: $id) {\n    __typename\n    ... on SearchContext {\n      ...SearchContextFields\n    }\n  }\n}"): (typeof documents)["query SearchContextById($id: ID!) {\n  node(id: $id) {\n    __typename\n    ... on SearchContext {\n      ...SearchContextFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchContextBySpec($spec: String!) {\n  searchContextBySpec(spec: $spec) {\n    ...SearchContextFields\n  }\n}"): (typeof documents)["query SearchContextBySpec($spec: String!) {\n  searchContextBySpec(spec: $spec) {\n    ...SearchContextFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment SearchContextFields on SearchContext {\n  id\n  name\n  spec\n  description\n  public\n  autoDefined\n  query\n  updatedAt\n  viewerCanManage\n  namespace {\n    __typename\n    id\n    namespaceName\n  }\n  repositories {\n    repository {\n      id\n      name\n    }\n    revisions\n  }\n}"): (typeof documents)["fragment SearchContextFields on SearchContext {\n  id\n  name\n  spec\n  description\n  public\n  autoDefined\n  query\n  updatedAt\n  viewerCanManage\n  namespace {\n    __typename\n    id\n    namespaceName\n  }\n  repositories {\n    repository {\n      id\n      name\n    }\n    revisions\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchContexts($first: Int, $after: String, $query: String, $namespaces: [ID], $orderBy: SearchContextsOrderBy, $descending: Boolean) {\n  searchContexts(\n    first: $first\n    after: $after\n    query: $query\n    namespaces: $namespaces\n    orderBy: $orderBy\n    descending: $descending\n  ) {\n    nodes {\n      ...SearchContextFields\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query SearchContexts($first: Int, $after: String, $query: String, $namespaces: [ID], $orderBy: SearchContextsOrderBy, $descending: Boolean) {\n  searchContexts(\n    first: $first\n    after: $after\n    query: $query\n    namespaces: $namespaces\n    orderBy: $orderBy\n    descending: $descending\n  ) {\n    nodes {\n      ...SearchContextFields\n    }\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserPermissionInput!]!) {\n  setRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}"): (typeof documents)["mutation SetRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserPermissionInput!]!) {\n  setRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetRepositoryPermissionsUnrestricted($repositories: [ID!]!, $unrestricted: Boolean!) {\n  setRepositoryPermissionsUnrestricted(\n    repositories: $repositories\n    unrestricted: $unrestricted\n  ) {\n    alwaysNil\n  }\n}"): (typeof documents)["mutation SetRepositoryPermissionsUnrestricted($repositories: [ID!]!, $unrestricted: Boolean!) {\n  setRepositoryPermissionsUnrestricted(\n    repositories: $repositories\n    unrestricted: $unrestricted\n  ) {\n    alwaysNil\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetSubRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserSubRepoPermission!]!) {\n  setSubRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}"): (typeof documents)["mutation SetSubRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserSubRepoPermission!]!) {\n  setSubRepositoryPermissionsForUsers(\n    repository: $repository\n    userPermissions: $userPermissions\n  ) {\n    alwaysNil\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateSearchContext($id: ID!, $searchContext: SearchContextEditInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  updateSearchContext(\n    id: $id\n    searchContext: $searchContext\n    repositories: $repositories\n  ) {\n    ...SearchContextFields\n  }\n}"): (typeof documents)["mutation UpdateSearchContext($id: ID!, $searchContext: SearchContextEditInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {\n  updateSearchContext(\n    id: $id\n    searchContext: $searchContext\n    repositories: $repositories\n  ) {\n    ...SearchContextFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment UserFields on User {\n  id\n  username\n  displayName\n  siteAdmin\n  primaryEmail {\n    email\n    verified\n  }\n}"): (typeof documents)["fragment UserFields on User {\n  id\n  username\n  displayName\n  siteAdmin\n  primaryEmail {\n    email\n    verified\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query User($username: String, $email: String) {\n  user(username: $username, email: $email) {\n    ...UserFields\n  }\n}"): (typeof documents)["query User($username: String, $email: String) {\n  user(username: $username, email: $email) {\n    ...UserFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UsersWithPendingPermissions {\n  usersWithPendingPermissions\n}"): (typeof documents)["query UsersWithPendingPermissions {\n  usersWithPendingPermissions\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;