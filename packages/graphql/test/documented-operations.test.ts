// The documentation's example operations, sent through @sgkit/graphql's `client.request` to the emulator over
// loopback HTTP with realistic variables, in the order a user would run them: the search-context operations of
// Sourcegraph's "Managing search contexts with the API" page and the permission operations written from the facts
// page's signatures (one copy, in ./documented-operations.ts, which src/documented-operations.test.ts checks
// against the schema), then every typed document @sgkit/graphql exports. The emulator validates each against the
// schema before running it, so a document that does not fit fails here with a validation error. No nock in
// this file.

import { describe, expect, it } from "vitest";
import {
  AuthorizedUserRepositoriesDocument,
  CreateSearchContextDocument,
  CurrentUserDocument,
  DeleteSearchContextDocument,
  encodeNodeId,
  RepositoryAuthorizedUsersDocument,
  SearchContextByIdDocument,
  SearchContextBySpecDocument,
  SearchContextsDocument,
  SetRepositoryPermissionsForUsersDocument,
  SetRepositoryPermissionsUnrestrictedDocument,
  SetSubRepositoryPermissionsForUsersDocument,
  UpdateSearchContextDocument,
  UserDocument,
  UsersWithPendingPermissionsDocument,
} from "../src/index.js";
import { DOCUMENTED_OPERATIONS } from "./support/documented-operations.js";
import { ALICE, graphqlCalls, graphqlFor, ids, REPO, startGraphQLEmulator } from "./support/emulator.js";

// The facts page's permission mutations, with the literal arguments of the documentation's examples: repository
// 123 (`UmVwb3NpdG9yeToxMjM=`), which is this seed's github.com/acme/api.
const SET_REPOSITORY_PERMISSIONS = DOCUMENTED_OPERATIONS.setRepositoryPermissionsForUsers;
const SET_UNRESTRICTED = DOCUMENTED_OPERATIONS.setRepositoryPermissionsUnrestricted;
const SET_SUB_REPOSITORY_PERMISSIONS = DOCUMENTED_OPERATIONS.setSubRepositoryPermissionsForUsers;
const PERMISSION_READS = DOCUMENTED_OPERATIONS.authorizedUserRepositories;

// The search-context operations of Sourcegraph's documentation.
const CREATE_SEARCH_CONTEXT = DOCUMENTED_OPERATIONS.createSearchContext;
const READ_SEARCH_CONTEXT = DOCUMENTED_OPERATIONS.readSearchContext;
const LIST_SEARCH_CONTEXTS = DOCUMENTED_OPERATIONS.listSearchContexts;
const UPDATE_SEARCH_CONTEXT = DOCUMENTED_OPERATIONS.updateSearchContext;
const DELETE_SEARCH_CONTEXT = DOCUMENTED_OPERATIONS.deleteSearchContext;

// biome-ignore lint/suspicious/noExplicitAny: answers of untyped documents are checked with expect.
type Any = any;

describe("the documentation's example operations run through client.request on the emulator", () => {
  it("the permission mutations and reads, with the documented literal arguments", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);

    expect(await client.request(SET_REPOSITORY_PERMISSIONS)).toEqual({
      setRepositoryPermissionsForUsers: { alwaysNil: null },
    });
    expect(await client.request(SET_UNRESTRICTED)).toEqual({
      setRepositoryPermissionsUnrestricted: { alwaysNil: null },
    });
    expect(await client.request(SET_SUB_REPOSITORY_PERMISSIONS)).toEqual({
      setSubRepositoryPermissionsForUsers: { alwaysNil: null },
    });
    const reads = await client.request<Any>(PERMISSION_READS);
    expect(reads).toMatchObject({
      // alice: 123 from the mutation above, 124 from the seed.
      authorizedUserRepositories: {
        nodes: [{ name: "github.com/acme/api" }, { name: "github.com/acme/web" }],
        pageInfo: { hasNextPage: false, endCursor: null },
      },
      // The bindID mode is username: `bob@example.com` names nobody, so it is pending.
      usersWithPendingPermissions: ["bob@example.com"],
      repository: {
        id: "UmVwb3NpdG9yeToxMjM=",
        authorizedUsers: { nodes: [{ username: "alice" }], totalCount: 1 },
        permissionsInfo: { permissions: ["READ"], source: "API", unrestricted: true },
      },
    });
    expect(emulator.state.subRepoPermissions.get(REPO, ALICE)).toEqual(["/**", "-/secret/**"]);
    expect(emulator.state.subRepoPermissions.allows(REPO, ALICE, "/secret/key.pem")).toBe(false);
    expect(graphqlCalls(emulator)).toEqual({ unnamed: 4 });
  });

  it("the search-context operations: create, read, list, update, delete", async () => {
    const emulator = await startGraphQLEmulator();
    emulator.state.permissions.add(REPO, ALICE);
    const alice = graphqlFor(emulator, "alice");

    const created = await alice.request<Any>(CREATE_SEARCH_CONTEXT, {
      searchContext: {
        name: "MySearchContext",
        description: "A description of my search context",
        namespace: ids.alice,
        public: true,
        // The documentation's example leaves `query` out; current servers require it (String!): "" for none.
        query: "",
      },
      repositories: [{ repositoryID: ids.repo, revisions: ["main", "branch-1"] }],
    });
    const id = encodeNodeId("SearchContext", "@alice/MySearchContext");
    expect(created).toEqual({ createSearchContext: { id, spec: "@alice/MySearchContext" } });

    const read = await alice.request<Any>(READ_SEARCH_CONTEXT, { spec: "@alice/MySearchContext" });
    expect(read.searchContextBySpec).toMatchObject({
      id,
      name: "MySearchContext",
      description: "A description of my search context",
      public: true,
      autoDefined: false,
      viewerCanManage: true,
      namespace: { id: ids.alice, namespaceName: "alice" },
      repositories: [
        { repository: { id: ids.repo, name: "github.com/acme/api" }, revisions: ["main", "branch-1"] },
      ],
    });
    expect(Number.isNaN(Date.parse(read.searchContextBySpec.updatedAt))).toBe(false);

    const listed = await alice.request<Any>(LIST_SEARCH_CONTEXTS, {
      first: 10,
      query: "MySearchContext",
      namespaces: [ids.alice, null],
      orderBy: "SEARCH_CONTEXT_UPDATED_AT",
      descending: true,
    });
    expect(listed.searchContexts).toEqual({
      nodes: [{ id, spec: "@alice/MySearchContext", description: "A description of my search context" }],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 1,
    });

    const updated = await alice.request<Any>(UPDATE_SEARCH_CONTEXT, {
      id,
      searchContext: {
        name: "MyUpdatedSearchContext",
        description: "Updated description",
        public: false,
        query: "",
      },
      repositories: [{ repositoryID: ids.repo, revisions: ["main", "branch-1"] }],
    });
    const newId = encodeNodeId("SearchContext", "@alice/MyUpdatedSearchContext");
    expect(updated).toEqual({ updateSearchContext: { id: newId, spec: "@alice/MyUpdatedSearchContext" } });

    expect(await alice.request(DELETE_SEARCH_CONTEXT, { id: newId })).toEqual({
      deleteSearchContext: { alwaysNil: null },
    });
    expect(emulator.state.searchContexts.size).toBe(0);
    expect(graphqlCalls(emulator)).toEqual({
      CreateSearchContext: 1,
      ReadSearchContext: 1,
      ListSearchContexts: 1,
      UpdateSearchContext: 1,
      DeleteSearchContext: 1,
    });
  });

  it("every typed document @sgkit/graphql exports validates and runs, with typed variables", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const repository = ids.repo;

    await client.request(SetRepositoryPermissionsForUsersDocument, {
      repository,
      userPermissions: [{ bindID: "alice" }, { bindID: "pending.person", permission: "READ" }],
    });
    await client.request(SetRepositoryPermissionsUnrestrictedDocument, {
      repositories: [ids.docsRepo],
      unrestricted: true,
    });
    await client.request(SetSubRepositoryPermissionsForUsersDocument, {
      repository,
      userPermissions: [{ bindID: "alice", paths: ["/**", "-/internal/**"] }],
    });
    const authorized = await client.request(AuthorizedUserRepositoriesDocument, {
      username: "alice",
      perm: "READ",
      first: 100,
    });
    expect(authorized.authorizedUserRepositories.totalCount).toBe(2);
    expect((await client.request(UsersWithPendingPermissionsDocument)).usersWithPendingPermissions).toEqual([
      "pending.person",
    ]);
    const users = await client.request(RepositoryAuthorizedUsersDocument, { repository, first: 10 });
    expect(users.node?.__typename).toBe("Repository");
    expect((await client.request(CurrentUserDocument)).currentUser?.username).toBe("admin");
    expect((await client.request(UserDocument, { username: "alice" })).user?.id).toBe(ids.alice);

    const created = await client.request(CreateSearchContextDocument, {
      searchContext: {
        name: "everything",
        description: "All of acme",
        public: true,
        namespace: null,
        query: "",
      },
      repositories: [{ repositoryID: repository, revisions: ["HEAD"] }],
    });
    const { id } = created.createSearchContext;
    expect((await client.request(SearchContextByIdDocument, { id })).node?.__typename).toBe("SearchContext");
    expect(
      (await client.request(SearchContextBySpecDocument, { spec: "everything" })).searchContextBySpec?.id,
    ).toBe(id);
    const listed = await client.request(SearchContextsDocument, {
      first: 5,
      namespaces: [null],
      orderBy: "SEARCH_CONTEXT_SPEC",
      descending: false,
    });
    expect(listed.searchContexts.nodes.map((context) => context.spec)).toEqual(["global", "everything"]);
    const updated = await client.request(UpdateSearchContextDocument, {
      id,
      searchContext: { name: "everything", description: "All of acme, docs too", public: true, query: "" },
      repositories: [
        { repositoryID: repository, revisions: ["HEAD"] },
        { repositoryID: ids.docsRepo, revisions: ["main"] },
      ],
    });
    expect(updated.updateSearchContext.repositories).toHaveLength(2);
    await client.request(DeleteSearchContextDocument, { id });

    const calls = graphqlCalls(emulator);
    expect(Object.keys(calls).sort()).toEqual([
      "AuthorizedUserRepositories",
      "CreateSearchContext",
      "CurrentUser",
      "DeleteSearchContext",
      "RepositoryAuthorizedUsers",
      "SearchContextById",
      "SearchContextBySpec",
      "SearchContexts",
      "SetRepositoryPermissionsForUsers",
      "SetRepositoryPermissionsUnrestricted",
      "SetSubRepositoryPermissionsForUsers",
      "UpdateSearchContext",
      "User",
      "UsersWithPendingPermissions",
    ]);
    expect(Object.values(calls).every((count) => count === 1)).toBe(true);
  });
});
