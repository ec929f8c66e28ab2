import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadSchema } from "./schema.js";

// The example operations of Sourcegraph's documentation ("Managing search contexts with the API", and the
// permission mutations of the facts file), with their documented variables: they must validate against the schema
// subset, so that what users copy from the docs runs on the emulator and through `client.request`.

const schema = loadSchema();

const documentedOperations = {
  createSearchContext: {
    query: `mutation CreateSearchContext(
  $searchContext: SearchContextInput!
  $repositories: [SearchContextRepositoryRevisionsInput!]!
) {
  createSearchContext(searchContext: $searchContext, repositories: $repositories) {
    id
    spec
  }
}`,
    variables: {
      searchContext: {
        name: "MySearchContext",
        description: "A description of my search context",
        namespace: "user-id",
        public: true,
      },
      repositories: [{ repositoryID: "repo-id", revisions: ["main", "branch-1"] }],
    },
  },
  readSearchContext: {
    query: `query ReadSearchContext($spec: String!) {
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
    variables: { spec: "@user/MySearchContext" },
  },
  listSearchContexts: {
    query: `query ListSearchContexts(
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
    variables: {
      first: 10,
      query: "MySearchContext",
      namespaces: ["user-id", null],
      orderBy: "SEARCH_CONTEXT_UPDATED_AT",
      descending: true,
    },
  },
  updateSearchContext: {
    query: `mutation UpdateSearchContext(
  $id: ID!
  $searchContext: SearchContextEditInput!
  $repositories: [SearchContextRepositoryRevisionsInput!]!
) {
  updateSearchContext(id: $id, searchContext: $searchContext, repositories: $repositories) {
    id
    spec
  }
}`,
    variables: {
      id: "search-context-id",
      searchContext: { name: "MyUpdatedSearchContext", description: "Updated description", public: false },
      repositories: [{ repositoryID: "repo-id", revisions: ["main", "branch-1"] }],
    },
  },
  deleteSearchContext: {
    query: `mutation DeleteSearchContext($id: ID!) {
  deleteSearchContext(id: $id) {
    alwaysNil
  }
}`,
    variables: { id: "search-context-id" },
  },
  setRepositoryPermissionsForUsers: {
    query: `mutation {
  setRepositoryPermissionsForUsers(
    repository: "UmVwb3NpdG9yeToxMjM="
    userPermissions: [{ bindID: "alice" }, { bindID: "bob@example.com", permission: READ }]
  ) {
    alwaysNil
  }
}`,
    variables: {},
  },
  setRepositoryPermissionsUnrestricted: {
    query: `mutation {
  setRepositoryPermissionsUnrestricted(repositories: ["UmVwb3NpdG9yeToxMjM="], unrestricted: true) {
    alwaysNil
  }
}`,
    variables: {},
  },
  setSubRepositoryPermissionsForUsers: {
    query: `mutation {
  setSubRepositoryPermissionsForUsers(
    repository: "UmVwb3NpdG9yeToxMjM="
    userPermissions: [{ bindID: "alice", paths: ["/**", "-/secret/**"] }]
  ) {
    alwaysNil
  }
}`,
    variables: {},
  },
  authorizedUserRepositories: {
    query: `query {
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
    variables: {},
  },
} as const;

describe("documented example operations", () => {
  it.each(Object.entries(documentedOperations))("%s validates against the schema", (_, { query }) => {
    expect(validate(schema, parse(query)).map(String)).toEqual([]);
  });
});
