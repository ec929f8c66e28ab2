// The example operations of Sourcegraph's documentation ("Managing search contexts with the API", and the
// permission mutations written from the facts page's signatures with the documentation's literal arguments:
// repository 123 is `UmVwb3NpdG9yeToxMjM=`), exactly as a user copies them. One copy, shared by the schema check
// (src/documented-operations.test.ts) and the run against the emulator (test/documented-operations.test.ts).
export const DOCUMENTED_OPERATIONS = {
  createSearchContext: `mutation CreateSearchContext(
  $searchContext: SearchContextInput!
  $repositories: [SearchContextRepositoryRevisionsInput!]!
) {
  createSearchContext(searchContext: $searchContext, repositories: $repositories) {
    id
    spec
  }
}`,
  readSearchContext: `query ReadSearchContext($spec: String!) {
  searchContextBySpec(spec: $spec) {
    id
    spec
    name
    description
    public
    autoDefined
    updatedAt
    viewerCanManage
    namespace {
      id
      namespaceName
    }
    repositories {
      repository {
        id
        name
      }
      revisions
    }
  }
}`,
  listSearchContexts: `query ListSearchContexts(
  $first: Int!
  $after: String
  $query: String
  $namespaces: [ID]
  $orderBy: SearchContextsOrderBy
  $descending: Boolean
) {
  searchContexts(
    first: $first
    after: $after
    query: $query
    namespaces: $namespaces
    orderBy: $orderBy
    descending: $descending
  ) {
    nodes {
      id
      spec
      description
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}`,
  updateSearchContext: `mutation UpdateSearchContext(
  $id: ID!
  $searchContext: SearchContextEditInput!
  $repositories: [SearchContextRepositoryRevisionsInput!]!
) {
  updateSearchContext(id: $id, searchContext: $searchContext, repositories: $repositories) {
    id
    spec
  }
}`,
  deleteSearchContext: `mutation DeleteSearchContext($id: ID!) {
  deleteSearchContext(id: $id) {
    alwaysNil
  }
}`,
  setRepositoryPermissionsForUsers: `mutation {
  setRepositoryPermissionsForUsers(
    repository: "UmVwb3NpdG9yeToxMjM="
    userPermissions: [{ bindID: "alice" }, { bindID: "bob@example.com", permission: READ }]
  ) {
    alwaysNil
  }
}`,
  setRepositoryPermissionsUnrestricted: `mutation {
  setRepositoryPermissionsUnrestricted(repositories: ["UmVwb3NpdG9yeToxMjM="], unrestricted: true) {
    alwaysNil
  }
}`,
  setSubRepositoryPermissionsForUsers: `mutation {
  setSubRepositoryPermissionsForUsers(
    repository: "UmVwb3NpdG9yeToxMjM="
    userPermissions: [{ bindID: "alice", paths: ["/**", "-/secret/**"] }]
  ) {
    alwaysNil
  }
}`,
  authorizedUserRepositories: `query {
  authorizedUserRepositories(username: "alice", first: 100) {
    nodes {
      name
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
  usersWithPendingPermissions
  repository(name: "github.com/acme/api") {
    id
    authorizedUsers(first: 100) {
      nodes {
        username
      }
      totalCount
    }
    permissionsInfo {
      permissions
      source
      updatedAt
      unrestricted
    }
  }
}`,
} as const;
