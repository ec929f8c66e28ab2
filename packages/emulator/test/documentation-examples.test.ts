import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { createGraphQLSchema } from "../src/graphql-api/create-graphql-schema.js";
import { sampleSeed } from "../src/seed/sample-seed.js";
import { callGraphQL, graphqlData } from "./support/call-graphql.js";
import { useEmulator } from "./support/use-emulator.js";

// The operations of Sourcegraph's documentation for search contexts and for the permission mutations, written
// from the signatures in the facts page with realistic variables: each validates against the schema and runs on
// the sample instance (the default), in the order a user would run them.
const start = useEmulator();

const REPOSITORY_ID = `query RepositoryID($name: String!) {
  repository(name: $name) { id }
}`;
const SET_REPOSITORY_PERMISSIONS = `mutation SetRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserPermissionInput!]!) {
  setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil }
}`;
const SET_UNRESTRICTED = `mutation SetRepositoryPermissionsUnrestricted($repositories: [ID!]!, $unrestricted: Boolean!) {
  setRepositoryPermissionsUnrestricted(repositories: $repositories, unrestricted: $unrestricted) { alwaysNil }
}`;
const SET_SUB_REPOSITORY_PERMISSIONS = `mutation SetSubRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserSubRepoPermission!]!) {
  setSubRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil }
}`;
const AUTHORIZED_USER_REPOSITORIES = `query AuthorizedUserRepositories($username: String, $email: String, $first: Int!, $after: String) {
  authorizedUserRepositories(username: $username, email: $email, perm: READ, first: $first, after: $after) {
    nodes { id name }
    totalCount
    pageInfo { hasNextPage endCursor }
  }
}`;
const USERS_WITH_PENDING_PERMISSIONS = `query UsersWithPendingPermissions {
  usersWithPendingPermissions
}`;
const REPOSITORY_PERMISSIONS = `query RepositoryPermissions($name: String!, $first: Int!, $after: String) {
  repository(name: $name) {
    permissionsInfo { permissions source updatedAt unrestricted }
    authorizedUsers(first: $first, after: $after) {
      nodes { username }
      totalCount
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const CURRENT_USER = `query CurrentUser {
  currentUser { id username }
}`;
const SEARCH_CONTEXT_FIELDS = `id name namespace { id namespaceName } description spec autoDefined public updatedAt
  viewerCanManage query repositories { repository { id name } revisions }`;
const CREATE_SEARCH_CONTEXT = `mutation CreateSearchContext($searchContext: SearchContextInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {
  createSearchContext(searchContext: $searchContext, repositories: $repositories) { id spec }
}`;
const READ_SEARCH_CONTEXT = `query ReadSearchContext($id: ID!) {
  node(id: $id) { ... on SearchContext { ${SEARCH_CONTEXT_FIELDS} } }
}`;
const READ_SEARCH_CONTEXT_BY_SPEC = `query ReadSearchContextBySpec($spec: String!) {
  searchContextBySpec(spec: $spec) { ${SEARCH_CONTEXT_FIELDS} }
}`;
const LIST_SEARCH_CONTEXTS = `query ListSearchContexts($first: Int!, $after: String, $query: String, $namespaces: [ID], $orderBy: SearchContextsOrderBy, $descending: Boolean) {
  searchContexts(first: $first, after: $after, query: $query, namespaces: $namespaces, orderBy: $orderBy, descending: $descending) {
    nodes { id spec updatedAt }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const UPDATE_SEARCH_CONTEXT = `mutation UpdateSearchContext($id: ID!, $searchContext: SearchContextEditInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {
  updateSearchContext(id: $id, searchContext: $searchContext, repositories: $repositories) { id updatedAt }
}`;
const DELETE_SEARCH_CONTEXT = `mutation DeleteSearchContext($id: ID!) {
  deleteSearchContext(id: $id) { alwaysNil }
}`;

const operations = {
  REPOSITORY_ID,
  SET_REPOSITORY_PERMISSIONS,
  SET_UNRESTRICTED,
  SET_SUB_REPOSITORY_PERMISSIONS,
  AUTHORIZED_USER_REPOSITORIES,
  USERS_WITH_PENDING_PERMISSIONS,
  REPOSITORY_PERMISSIONS,
  CURRENT_USER,
  CREATE_SEARCH_CONTEXT,
  READ_SEARCH_CONTEXT,
  READ_SEARCH_CONTEXT_BY_SPEC,
  LIST_SEARCH_CONTEXTS,
  UPDATE_SEARCH_CONTEXT,
  DELETE_SEARCH_CONTEXT,
};

describe("the documentation's example operations", () => {
  it.each(Object.entries(operations))("%s validates against the schema", (_, operation) => {
    expect(validate(createGraphQLSchema(), parse(operation))).toEqual([]);
  });

  it("run on the emulator: repository permissions", async () => {
    const emulator = await start({ seed: sampleSeed(), now: () => new Date("2026-04-01T09:00:00Z") });
    const { repository } = await graphqlData(emulator, REPOSITORY_ID, { name: "github.com/acme/api" });
    expect(repository.id).toBe("UmVwb3NpdG9yeToxMjM=");

    await graphqlData(emulator, SET_REPOSITORY_PERMISSIONS, {
      repository: repository.id,
      userPermissions: [{ bindID: "alice", permission: "READ" }, { bindID: "dave" }, { bindID: "new.hire" }],
    });
    expect(await graphqlData(emulator, USERS_WITH_PENDING_PERMISSIONS)).toEqual({
      usersWithPendingPermissions: ["new.hire"],
    });
    expect(
      await graphqlData(emulator, AUTHORIZED_USER_REPOSITORIES, { username: "new.hire", first: 100 }),
    ).toEqual({
      authorizedUserRepositories: {
        nodes: [{ id: repository.id, name: "github.com/acme/api" }],
        totalCount: 1,
        pageInfo: { hasNextPage: false, endCursor: null },
      },
    });
    expect(
      (await graphqlData(emulator, AUTHORIZED_USER_REPOSITORIES, { email: "alice@example.com", first: 100 }))
        .authorizedUserRepositories.nodes,
    ).toEqual([
      { id: "UmVwb3NpdG9yeToxMjM=", name: "github.com/acme/api" },
      { id: "UmVwb3NpdG9yeToxMjQ=", name: "github.com/acme/web" },
    ]);

    const docs = (await graphqlData(emulator, REPOSITORY_ID, { name: "github.com/acme/docs" })).repository.id;
    const web = (await graphqlData(emulator, REPOSITORY_ID, { name: "github.com/acme/web" })).repository.id;
    await graphqlData(emulator, SET_UNRESTRICTED, { repositories: [docs, web], unrestricted: true });
    await graphqlData(emulator, SET_SUB_REPOSITORY_PERMISSIONS, {
      repository: repository.id,
      userPermissions: [
        { bindID: "alice", paths: ["/**", "-/cmd/**"] },
        { bindID: "dave", paths: ["/README.md", "/go.mod"] },
      ],
    });
    expect(emulator.state.subRepoPermissions.allows(123, 456, "cmd/server/main.go")).toBe(false);
    expect(emulator.state.subRepoPermissions.allows(123, 459, "go.mod")).toBe(true);

    expect(
      await graphqlData(emulator, REPOSITORY_PERMISSIONS, { name: "github.com/acme/api", first: 2 }),
    ).toEqual({
      repository: {
        permissionsInfo: {
          permissions: ["READ"],
          source: "API",
          updatedAt: "2026-04-01T09:00:00Z",
          unrestricted: false,
        },
        authorizedUsers: {
          nodes: [{ username: "alice" }, { username: "dave" }],
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
    });
    expect(
      (await graphqlData(emulator, REPOSITORY_PERMISSIONS, { name: "github.com/acme/web", first: 100 }))
        .repository.permissionsInfo.unrestricted,
    ).toBe(true);
  });

  it("run on the emulator: search contexts", async () => {
    const emulator = await start({ seed: sampleSeed(), now: () => new Date("2026-04-01T09:00:00Z") });
    const alice = { as: { token: "userAll" } }; // alice's token in the sample instance (the default)
    const { currentUser } = await graphqlData(emulator, CURRENT_USER, {}, alice);
    const api = (await graphqlData(emulator, REPOSITORY_ID, { name: "github.com/acme/web" }, alice))
      .repository.id;
    const docs = (await graphqlData(emulator, REPOSITORY_ID, { name: "github.com/acme/docs" }, alice))
      .repository.id;

    const created = await graphqlData(
      emulator,
      CREATE_SEARCH_CONTEXT,
      {
        searchContext: {
          name: "MySearchContext",
          description: "A description of my search context",
          namespace: currentUser.id,
          public: true,
          // The documentation's example leaves `query` out; current servers require it (String!): "" for none.
          query: "",
        },
        repositories: [{ repositoryID: api, revisions: ["main", "branch-1"] }],
      },
      alice,
    );
    expect(created.createSearchContext).toEqual({
      id: "U2VhcmNoQ29udGV4dDoiQGFsaWNlL015U2VhcmNoQ29udGV4dCI=",
      spec: "@alice/MySearchContext",
    });
    const { id } = created.createSearchContext;

    const expected = {
      id,
      name: "MySearchContext",
      namespace: { id: currentUser.id, namespaceName: "alice" },
      description: "A description of my search context",
      spec: "@alice/MySearchContext",
      autoDefined: false,
      public: true,
      updatedAt: "2026-04-01T09:00:00Z",
      viewerCanManage: true,
      query: "",
      repositories: [
        { repository: { id: api, name: "github.com/acme/web" }, revisions: ["main", "branch-1"] },
      ],
    };
    expect((await graphqlData(emulator, READ_SEARCH_CONTEXT, { id }, alice)).node).toEqual(expected);
    expect(
      (await graphqlData(emulator, READ_SEARCH_CONTEXT_BY_SPEC, { spec: "@alice/MySearchContext" }, alice))
        .searchContextBySpec,
    ).toEqual(expected);

    const listed = await graphqlData(
      emulator,
      LIST_SEARCH_CONTEXTS,
      {
        first: 10,
        query: "MySearch",
        namespaces: [currentUser.id, null],
        orderBy: "SEARCH_CONTEXT_UPDATED_AT",
        descending: true,
      },
      alice,
    );
    expect(listed.searchContexts).toEqual({
      nodes: [{ id, spec: "@alice/MySearchContext", updatedAt: "2026-04-01T09:00:00Z" }],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 1,
    });

    // An update sends the whole context: every field and every repository to keep.
    const updated = await graphqlData(
      emulator,
      UPDATE_SEARCH_CONTEXT,
      {
        id,
        searchContext: {
          name: "MySearchContext",
          description: "Updated description",
          public: false,
          query: "",
        },
        repositories: [
          { repositoryID: api, revisions: ["main"] },
          { repositoryID: docs, revisions: ["HEAD"] },
        ],
      },
      alice,
    );
    expect(updated.updateSearchContext).toEqual({ id, updatedAt: "2026-04-01T09:00:00Z" });
    expect((await graphqlData(emulator, READ_SEARCH_CONTEXT, { id }, alice)).node).toMatchObject({
      description: "Updated description",
      public: false,
      repositories: [
        { repository: { name: "github.com/acme/web" }, revisions: ["main"] },
        { repository: { name: "github.com/acme/docs" }, revisions: ["HEAD"] },
      ],
    });

    expect(await graphqlData(emulator, DELETE_SEARCH_CONTEXT, { id }, alice)).toEqual({
      deleteSearchContext: { alwaysNil: null },
    });
    // Gone: `node` is null, with the error Sourcegraph's resolver answers (GQL-12).
    const gone = await callGraphQL(emulator, READ_SEARCH_CONTEXT, { id }, alice);
    expect(gone.body).toEqual({
      data: { node: null },
      errors: [expect.objectContaining({ message: "search context not found", path: ["node"] })],
    });
  });
});
