// Every high-level function of @sgkit/graphql against the emulator's GraphQL API over real loopback HTTP: the
// permission functions (names to IDs in chunks, the ACL replacement with pending bindIDs, the unrestricted flag,
// sub-repository rules, both listings over several pages), search contexts (create, read by ID and spec, list with
// every filter and order, full-replacement update, delete), and the user lookups. No nock in this file.

import { describe, expect, it } from "vitest";
import {
  encodeNodeId,
  GraphQLResponseError,
  InvalidArgumentError,
  InvalidNodeIdError,
  InvalidPathRuleError,
  type SearchContextsOptions,
  toSearchContextEdit,
} from "../src/index.js";
import {
  ALICE,
  BOB,
  BULK_REPOS,
  BULK_USERS,
  collect,
  failureOf,
  graphqlCalls,
  graphqlFor,
  ids,
  OTHER_REPO,
  REPO,
  startGraphQLEmulator,
  statePairs,
} from "./support/emulator.js";

const PERMISSIONS_INFO = `query PermissionsInfo($id: ID!) {
  node(id: $id) {
    ... on Repository {
      permissionsInfo { permissions source updatedAt unrestricted }
    }
  }
}`;
interface PermissionsInfoResult {
  node: {
    permissionsInfo: {
      permissions: string[];
      source: string | null;
      updatedAt: string | null;
      unrestricted: boolean;
    } | null;
  } | null;
}

describe("repositoryIdsByName", () => {
  it("resolves more names than one chunk, one request per chunk, null for unknown names", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const names = [
      "github.com/acme/api",
      "github.com/acme/web",
      "github.com/acme/gone",
      "github.com/acme/docs",
      "github.com/bulk/repo2000",
    ];
    const result = await client.repositoryIdsByName(names, { chunkSize: 2 });
    expect([...result]).toEqual([
      ["github.com/acme/api", ids.repo],
      ["github.com/acme/web", ids.otherRepo],
      ["github.com/acme/gone", null],
      ["github.com/acme/docs", ids.docsRepo],
      ["github.com/bulk/repo2000", encodeNodeId("Repository", 2000)],
    ]);
    expect(graphqlCalls(emulator)).toEqual({ RepositoryIdsByName: 3 });
  });

  it("sends repeated names once and answers null for a repository the viewer cannot see", async () => {
    const emulator = await startGraphQLEmulator();
    // alice holds a permission on 124 only; 123 is private to her.
    const result = await graphqlFor(emulator, "alice").repositoryIdsByName([
      "github.com/acme/web",
      "github.com/acme/api",
      "github.com/acme/web",
    ]);
    expect(Object.fromEntries(result)).toEqual({
      "github.com/acme/web": ids.otherRepo,
      "github.com/acme/api": null,
    });
    expect(graphqlCalls(emulator)).toEqual({ RepositoryIdsByName: 1 });
  });

  it("looks up 250 names in the default chunks of 100: three requests", async () => {
    const emulator = await startGraphQLEmulator();
    const names = BULK_REPOS.map((id) => `github.com/bulk/repo${id}`);
    const result = await graphqlFor(emulator).repositoryIdsByName(names);
    expect([...result.values()]).toEqual(BULK_REPOS.map((id) => encodeNodeId("Repository", id)));
    expect(graphqlCalls(emulator)).toEqual({ RepositoryIdsByName: 3 });
  });
});

describe("setRepositoryPermissionsForUsers", () => {
  it("replaces the whole ACL, keeps unknown bindIDs as pending, drops blank and repeated bindIDs", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    emulator.state.permissions.add(REPO, BULK_USERS[0] as number);

    expect(await client.setRepositoryPermissionsForUsers(ids.repo, ["alice", "bob"])).toEqual([
      "alice",
      "bob",
    ]);
    expect(statePairs(emulator)).toEqual([
      `repositories/${REPO}/explicitRepoPermissions/${ALICE}`,
      `repositories/${REPO}/explicitRepoPermissions/${BOB}`,
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);

    // Replace: alice loses access to 123 (her grant on 124 stays), new.hire has no account yet.
    const sent = await client.setRepositoryPermissionsForUsers(ids.repo, [
      "bob",
      "",
      "  ",
      "new.hire",
      "bob",
    ]);
    expect(sent).toEqual(["bob", "new.hire"]);
    expect(statePairs(emulator)).toEqual([
      `repositories/${REPO}/explicitRepoPermissions/${BOB}`,
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);
    expect(await client.usersWithPendingPermissions()).toEqual(["new.hire"]);
    expect(await collect(client.authorizedUserRepositories({ username: "new.hire" }))).toEqual([
      { id: ids.repo, name: "github.com/acme/api" },
    ]);
    expect(emulator.state.pendingPermissions.bindIDs()).toEqual(["new.hire"]);

    // The sign-up, at run time through the emulator's state: the pending permission becomes explicit.
    expect(
      emulator.state.addUser({
        id: 9001,
        username: "new.hire",
        email: "new.hire@example.com",
        siteAdmin: false,
        rbac: new Set(),
      }),
    ).toEqual([REPO]);
    expect(await client.usersWithPendingPermissions()).toEqual([]);
    expect(emulator.state.permissions.has(REPO, 9001)).toBe(true);
    expect(await collect(client.authorizedUserRepositories({ username: "new.hire" }))).toEqual([
      { id: ids.repo, name: "github.com/acme/api" },
    ]);
    const users = await collect(client.repositoryAuthorizedUsers(ids.repo));
    expect(users.map((user) => user.username)).toEqual(["bob", "new.hire"]);

    // An empty list removes everyone, pending bindIDs included.
    expect(await client.setRepositoryPermissionsForUsers(ids.repo, [])).toEqual([]);
    expect(await collect(client.repositoryAuthorizedUsers(ids.repo))).toEqual([]);
    expect(graphqlCalls(emulator).SetRepositoryPermissionsForUsers).toBe(3);
  });

  it("blank bindIDs never leave the client (the real server would store them as pending)", async () => {
    const emulator = await startGraphQLEmulator();
    const bodies: string[] = [];
    const recording: typeof fetch = (input, init) => {
      bodies.push(String(init?.body));
      return fetch(input, init);
    };
    const client = graphqlFor(emulator, "admin", { fetch: recording });
    await client.setRepositoryPermissionsForUsers(ids.repo, ["", "alice", " \t", "alice", "ghost"]);
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0] as string)).toMatchObject({
      operationName: "SetRepositoryPermissionsForUsers",
      variables: {
        repository: ids.repo,
        userPermissions: [
          { bindID: "alice", permission: "READ" },
          { bindID: "ghost", permission: "READ" },
        ],
      },
    });
    expect(await client.usersWithPendingPermissions()).toEqual(["ghost"]);
  });

  it("replacing the pending bindIDs of a repository drops those not listed again", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    await client.setRepositoryPermissionsForUsers(ids.repo, ["ghost1", "ghost2"]);
    await client.setRepositoryPermissionsForUsers(ids.otherRepo, ["ghost2", "alice"]);
    expect((await client.usersWithPendingPermissions()).sort()).toEqual(["ghost1", "ghost2"]);
    await client.setRepositoryPermissionsForUsers(ids.repo, ["ghost2"]);
    expect(await client.usersWithPendingPermissions()).toEqual(["ghost2"]);
    const ghost2 = await collect(client.authorizedUserRepositories({ username: "ghost2" }));
    expect(ghost2.map((repository) => repository.name)).toEqual([
      "github.com/acme/api",
      "github.com/acme/web",
    ]);
    expect(await collect(client.authorizedUserRepositories({ username: "ghost1" }))).toEqual([]);
  });

  it("by email with the instance's bindID mode set to email", async () => {
    const emulator = await startGraphQLEmulator({ bindID: "email" });
    const client = graphqlFor(emulator);
    // Emails are case-sensitive: carol is `Carol@Example.com`, so `carol@example.com` is pending.
    await client.setRepositoryPermissionsForUsers(ids.repo, ["alice@example.com", "carol@example.com"]);
    const users = await collect(client.repositoryAuthorizedUsers(ids.repo));
    expect(users.map((user) => user.username)).toEqual(["alice"]);
    expect(await client.usersWithPendingPermissions()).toEqual(["carol@example.com"]);
    const byEmail = await collect(client.authorizedUserRepositories({ email: "alice@example.com" }));
    expect(byEmail.map((repository) => repository.id)).toEqual([ids.repo, ids.otherRepo]);
  });
});

describe("setRepositoryPermissionsUnrestricted", () => {
  it("stores the flag, seen by permissionsInfo and by anonymous visitors", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const anonymous = graphqlFor(emulator, null);
    const info = async (id: string) =>
      (await client.request<PermissionsInfoResult>(PERMISSIONS_INFO, { id })).node?.permissionsInfo;

    expect(await info(ids.docsRepo)).toBeNull(); // no grants, no changes: no info
    expect(Object.fromEntries(await anonymous.repositoryIdsByName(["github.com/acme/docs"]))).toEqual({
      "github.com/acme/docs": null,
    });

    await client.setRepositoryPermissionsUnrestricted([ids.docsRepo, ids.repo], true);
    expect(await info(ids.docsRepo)).toMatchObject({ permissions: ["READ"], unrestricted: true });
    expect(await info(ids.repo)).toMatchObject({ unrestricted: true });
    expect(emulator.state.repositories.byId(125)?.unrestricted).toBe(true);
    expect(Object.fromEntries(await anonymous.repositoryIdsByName(["github.com/acme/docs"]))).toEqual({
      "github.com/acme/docs": ids.docsRepo,
    });

    await client.setRepositoryPermissionsUnrestricted([ids.repo], false);
    // 123 has no grants: with the flag cleared the emulator answers no info at all (null), not unrestricted.
    expect((await info(ids.repo))?.unrestricted ?? false).toBe(false);
    expect(emulator.state.repositories.byId(REPO)?.unrestricted).toBe(false);
    expect(emulator.state.repositories.byId(125)?.unrestricted).toBe(true);
    expect(graphqlCalls(emulator).SetRepositoryPermissionsUnrestricted).toBe(2);
  });

  it("refuses duplicate IDs before sending, and sends nothing for an empty list", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const error = await failureOf(
      client.setRepositoryPermissionsUnrestricted([ids.repo, ids.docsRepo, ids.repo], true),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: "repositories[2]" });
    await client.setRepositoryPermissionsUnrestricted([], true);
    expect(graphqlCalls(emulator)).toEqual({});
    expect(emulator.state.repositories.byId(REPO)?.unrestricted).toBe(false);
  });

  it("permissionsInfo records an ACL set through GraphQL as source API", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    await client.setRepositoryPermissionsForUsers(ids.repo, ["alice"]);
    const info = (await client.request<PermissionsInfoResult>(PERMISSIONS_INFO, { id: ids.repo })).node
      ?.permissionsInfo;
    expect(info).toMatchObject({ permissions: ["READ"], source: "API", unrestricted: false });
    expect(Number.isNaN(Date.parse(info?.updatedAt ?? ""))).toBe(false);
  });
});

describe("setSubRepositoryPermissionsForUsers", () => {
  it("stores each user's ordered path rules", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    await client.setSubRepositoryPermissionsForUsers(ids.repo, [
      { bindID: "alice", paths: ["/**", "-/internal/**", "/internal/public/**"] },
      { bindID: "bob", paths: ["/docs/**"] },
    ]);
    const rules = emulator.state.subRepoPermissions;
    expect(rules.get(REPO, ALICE)).toEqual(["/**", "-/internal/**", "/internal/public/**"]);
    expect(rules.get(REPO, BOB)).toEqual(["/docs/**"]);
    expect(rules.allows(REPO, ALICE, "/cmd/main.go")).toBe(true);
    expect(rules.allows(REPO, ALICE, "/internal/secret.go")).toBe(false);
    expect(rules.allows(REPO, ALICE, "/internal/public/readme.md")).toBe(true);
    expect(rules.allows(REPO, BOB, "/cmd/main.go")).toBe(false);
    // No rule for carol on 123: the whole repository.
    expect(rules.allows(REPO, 458, "/internal/secret.go")).toBe(true);

    // A second call replaces that user's rules.
    await client.setSubRepositoryPermissionsForUsers(ids.repo, [{ bindID: "alice", paths: ["/src/**"] }]);
    expect(rules.get(REPO, ALICE)).toEqual(["/src/**"]);
    expect(rules.get(REPO, BOB)).toEqual(["/docs/**"]);
  });

  it("an unknown user fails the whole call and stores nothing", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const error = await failureOf(
      client.setSubRepositoryPermissionsForUsers(ids.repo, [
        { bindID: "alice", paths: ["/**"] },
        { bindID: "nobody", paths: ["/**"] },
      ]),
    );
    expect(error).toBeInstanceOf(GraphQLResponseError);
    // Sourcegraph's words and path, no extensions.code.
    expect((error as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      'user "nobody" not found',
    ]);
    expect((error as GraphQLResponseError).errors[0]?.path).toEqual(["setSubRepositoryPermissionsForUsers"]);
    expect(emulator.state.subRepoPermissions.all()).toEqual([]);
  });

  it.each([
    ["an empty rule", ""],
    ["a lone -", "-"],
    ["an unclosed [", "/src/[a-z"],
    ["an unclosed {", "/{cmd,internal/**"],
    ["a trailing backslash", "/src\\"],
    ["a newline", "/src\n/**"],
  ])("refuses %s before sending: nothing reaches the server", async (_, rule) => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const error = await failureOf(
      client.setSubRepositoryPermissionsForUsers(ids.repo, [
        { bindID: "alice", paths: ["/**"] },
        { bindID: "bob", paths: ["/docs/**", rule] },
      ]),
    );
    expect(error).toBeInstanceOf(InvalidPathRuleError);
    expect(error).toMatchObject({ userIndex: 1, ruleIndex: 1 });
    expect(emulator.counters.get("graphql:SetSubRepositoryPermissionsForUsers")).toBe(0);
    expect(emulator.counters.total()).toBe(0);
    expect(emulator.state.subRepoPermissions.all()).toEqual([]);
  });
});

describe("the permission listings, as async iterables over several pages", () => {
  it("authorizedUserRepositories: 251 repositories in pages of 100 (the most the server gives)", async () => {
    const emulator = await startGraphQLEmulator();
    const user = BULK_USERS[0] as number;
    for (const repository of [REPO, ...BULK_REPOS]) emulator.state.permissions.add(repository, user);
    const client = graphqlFor(emulator);
    const repositories = await collect(client.authorizedUserRepositories({ username: `user${user}` }));
    expect(repositories.map((repository) => repository.id)).toEqual(
      [REPO, ...BULK_REPOS].map((id) => encodeNodeId("Repository", id)),
    );
    expect(repositories[1]).toEqual({
      id: encodeNodeId("Repository", 2000),
      name: "github.com/bulk/repo2000",
    });
    expect(graphqlCalls(emulator)).toEqual({ AuthorizedUserRepositories: 3 });

    // By email, 7 at a time; a break stops the requests.
    emulator.counters.reset();
    const firstTen = [];
    for await (const repository of client.authorizedUserRepositories({
      email: `user${user}@example.com`,
      pageSize: 7,
    })) {
      firstTen.push(repository.id);
      if (firstTen.length === 10) break;
    }
    expect(firstTen).toEqual(repositories.slice(0, 10).map((repository) => repository.id));
    expect(graphqlCalls(emulator)).toEqual({ AuthorizedUserRepositories: 2 });
  });

  it("repositoryAuthorizedUsers: 251 users, by the default page and by pages of 60", async () => {
    const emulator = await startGraphQLEmulator();
    emulator.state.permissions.replaceUsersOf(REPO, [ALICE, ...BULK_USERS]);
    const client = graphqlFor(emulator);
    const users = await collect(client.repositoryAuthorizedUsers(ids.repo));
    expect(users.map((user) => user.username)).toEqual(["alice", ...BULK_USERS.map((id) => `user${id}`)]);
    expect(users[0]).toMatchObject({ id: ids.alice, username: "alice", siteAdmin: false });
    expect(graphqlCalls(emulator)).toEqual({ RepositoryAuthorizedUsers: 3 });

    emulator.counters.reset();
    const again = await collect(client.repositoryAuthorizedUsers(ids.repo, { pageSize: 60 }));
    expect(again.map((user) => user.id)).toEqual(users.map((user) => user.id));
    expect(graphqlCalls(emulator)).toEqual({ RepositoryAuthorizedUsers: 5 });
  });

  it("repositoryAuthorizedUsers of an unknown or invisible repository is a NotFoundError", async () => {
    const emulator = await startGraphQLEmulator();
    for (const [client, id] of [
      [graphqlFor(emulator), encodeNodeId("Repository", 999)],
      [graphqlFor(emulator, null), ids.repo],
    ] as const) {
      const error = await failureOf(collect(client.repositoryAuthorizedUsers(id)));
      expect(error).toMatchObject({ name: "NotFoundError", code: "not_found" });
    }
  });

  it("a user ID where a repository belongs is an InvalidArgumentError", async () => {
    const emulator = await startGraphQLEmulator();
    const error = await failureOf(() => collect(graphqlFor(emulator).repositoryAuthorizedUsers(ids.alice)));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: "repository" });
  });

  it("authorizedUserRepositories refuses neither or both of username and email, before sending", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    expect(() => client.authorizedUserRepositories({})).toThrow(InvalidArgumentError);
    expect(() => client.authorizedUserRepositories({ username: "alice", email: "a@b.c" })).toThrow(
      InvalidArgumentError,
    );
    expect(() => client.authorizedUserRepositories({ username: " " })).toThrow(InvalidArgumentError);
    expect(emulator.counters.total()).toBe(0);
  });
});

describe("search contexts", () => {
  /** An emulator whose clock advances a second at each reading, so every `updatedAt` differs. */
  async function start() {
    let time = Date.parse("2026-03-01T00:00:00Z");
    const now = () => {
      time += 1000;
      return new Date(time);
    };
    return startGraphQLEmulator({ now });
  }

  it("create, read by ID and spec, list, update (full replacement) and delete", async () => {
    const emulator = await start();
    const admin = graphqlFor(emulator);
    const alice = graphqlFor(emulator, "alice");

    const notes = await alice.createSearchContext({
      name: "notes",
      description: "alice's notes",
      namespace: ids.alice,
      // A query or repositories, not both (Sourcegraph refuses both): this one has repositories.
      repositories: [{ repositoryID: ids.otherRepo, revisions: ["main", "v1.2.0"] }],
    });
    expect(notes).toMatchObject({
      id: encodeNodeId("SearchContext", "@alice/notes"),
      name: "notes",
      spec: "@alice/notes",
      description: "alice's notes",
      public: false,
      autoDefined: false,
      query: "",
      viewerCanManage: true,
      namespace: { __typename: "User", id: ids.alice, namespaceName: "alice" },
      repositories: [
        { repository: { id: ids.otherRepo, name: "github.com/acme/web" }, revisions: ["main", "v1.2.0"] },
      ],
    });
    const platform = await admin.createSearchContext({
      name: "platform",
      public: true,
      repositories: [{ repositoryID: ids.repo, revisions: ["HEAD"] }],
    });
    expect(platform).toMatchObject({ spec: "platform", namespace: null, public: true, description: "" });
    const backend = await alice.createSearchContext({ name: "backend", namespace: ids.acme, public: true });
    expect(backend).toMatchObject({
      spec: "@acme/backend",
      namespace: { __typename: "Org", id: ids.acme, namespaceName: "acme" },
    });
    const hidden = await admin.createSearchContext({ name: "admins-only" }); // private, global

    // Read back by ID and by spec.
    expect(await alice.searchContextById(notes.id)).toEqual(notes);
    expect(await alice.searchContextBySpec("@alice/notes")).toEqual(notes);
    // Missing: Sourcegraph answers null with "search context not found" (or, for an unknown namespace, "get
    // namespace by name: namespace not found"), which the client reads as null.
    expect(await alice.searchContextById(encodeNodeId("SearchContext", "@alice/none"))).toBeNull();
    expect(await alice.searchContextBySpec("@alice/none")).toBeNull();
    expect(await alice.searchContextBySpec("@nobody/none")).toBeNull();
    expect(await alice.searchContextById(encodeNodeId("SearchContext", "@nobody/none"))).toBeNull();
    // The ID of another kind of node is refused before sending, whether alice can see that node or not.
    expect(await failureOf(alice.searchContextById(ids.otherRepo))).toBeInstanceOf(InvalidNodeIdError);
    expect(await failureOf(alice.searchContextById(ids.repo))).toBeInstanceOf(InvalidNodeIdError);

    // Lists: what alice can read, by spec by default.
    const specs = async (options: SearchContextsOptions = {}, client = alice) =>
      (await collect(client.searchContexts(options))).map((context) => context.spec);
    // The auto-defined `global` context first, as Sourcegraph lists it.
    expect(await specs()).toEqual(["global", "@acme/backend", "@alice/notes", "platform"]);
    // A site admin reads the private global context, but not alice's private one: Sourcegraph bypasses the check
    // for internal actors only (internal/database/search_contexts.go, `searchContextsPermissionsCondition`).
    expect(await specs({}, admin)).toEqual(["global", "@acme/backend", "admins-only", "platform"]);
    expect(await admin.searchContextById(notes.id)).toBeNull();
    expect(await admin.searchContextBySpec("@alice/notes")).toBeNull();
    // ...which alice, no site admin, does not read.
    expect(await alice.searchContextBySpec("admins-only")).toBeNull();
    expect(await alice.searchContextById(hidden.id)).toBeNull();
    expect(await specs({ query: "NOTE" })).toEqual(["@alice/notes"]);
    expect(await specs({ namespaces: [ids.alice] })).toEqual(["@alice/notes"]);
    expect(await specs({ namespaces: [null] })).toEqual(["global", "platform"]);
    expect(await specs({ namespaces: [null] }, admin)).toEqual(["global", "admins-only", "platform"]);
    expect(await specs({ namespaces: [ids.acme, null] })).toEqual(["global", "@acme/backend", "platform"]);
    expect(await specs({ descending: true })).toEqual([
      "global",
      "platform",
      "@alice/notes",
      "@acme/backend",
    ]);
    expect(await specs({ orderBy: "SEARCH_CONTEXT_UPDATED_AT" })).toEqual([
      "global",
      "@alice/notes",
      "platform",
      "@acme/backend",
    ]);
    expect(await specs({ orderBy: "SEARCH_CONTEXT_UPDATED_AT", descending: true })).toEqual([
      "global",
      "@acme/backend",
      "platform",
      "@alice/notes",
    ]);
    emulator.counters.reset();
    expect(await specs({ pageSize: 1, orderBy: "SEARCH_CONTEXT_UPDATED_AT", descending: true })).toEqual([
      "global",
      "@acme/backend",
      "platform",
      "@alice/notes",
    ]);
    expect(graphqlCalls(emulator)).toEqual({ SearchContexts: 4 });
    const listed = await collect(alice.searchContexts({ query: "notes" }));
    expect(listed).toEqual([notes]);

    // An update from the context itself keeps everything but what changes; it moves to the end of the
    // updated-at order.
    const described = await alice.updateSearchContext(notes.id, {
      ...toSearchContextEdit(notes),
      description: "still alice's notes",
    });
    expect({ ...described, updatedAt: notes.updatedAt }).toEqual({
      ...notes,
      description: "still alice's notes",
    });
    // DateTime values have whole seconds, so an update within the same second shows the same time.
    expect(Date.parse(described.updatedAt)).toBeGreaterThanOrEqual(Date.parse(notes.updatedAt));
    expect(await specs({ orderBy: "SEARCH_CONTEXT_UPDATED_AT" })).toEqual([
      "global",
      "platform",
      "@acme/backend",
      "@alice/notes",
    ]);

    // A full replacement: what is not sent is gone (the repositories; the query is sent as ""); a rename changes
    // the ID.
    const renamed = await alice.updateSearchContext(notes.id, {
      name: "journal",
      description: "",
      public: true,
      repositories: [],
    });
    expect(renamed).toMatchObject({
      id: encodeNodeId("SearchContext", "@alice/journal"),
      spec: "@alice/journal",
      public: true,
      query: "",
      repositories: [],
      namespace: { id: ids.alice },
    });
    expect(await alice.searchContextById(notes.id)).toBeNull();
    expect(await graphqlFor(emulator, null).searchContextBySpec("@alice/journal")).toMatchObject({
      id: renamed.id,
      viewerCanManage: false,
    });

    // Delete.
    await alice.deleteSearchContext(renamed.id);
    await admin.deleteSearchContext(hidden.id);
    expect(await alice.searchContextById(renamed.id)).toBeNull();
    expect(await specs({}, admin)).toEqual(["global", "@acme/backend", "platform"]);
    const again = await failureOf(alice.deleteSearchContext(renamed.id));
    // A write still throws: only the two lookups read "not found" as null.
    expect((again as GraphQLResponseError).errors).toEqual([
      expect.objectContaining({ message: "search context not found", path: ["deleteSearchContext"] }),
    ]);
    expect(emulator.state.searchContexts.size).toBe(2);
  });

  it("a name taken in the namespace is refused; the same name in another namespace is fine", async () => {
    const emulator = await start();
    const alice = graphqlFor(emulator, "alice");
    await alice.createSearchContext({ name: "mine", namespace: ids.alice });
    const taken = await failureOf(alice.createSearchContext({ name: "mine", namespace: ids.alice }));
    expect((taken as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "search context already exists",
    ]);
    const org = await alice.createSearchContext({ name: "mine", namespace: ids.acme });
    expect(org.spec).toBe("@acme/mine");
    expect(emulator.state.searchContexts.size).toBe(2);
  });

  it("a repository the viewer cannot see cannot go into a context; repeated repositories are refused locally", async () => {
    const emulator = await start();
    const alice = graphqlFor(emulator, "alice");
    const invisible = await failureOf(
      alice.createSearchContext({
        name: "api",
        namespace: ids.alice,
        repositories: [{ repositoryID: ids.repo, revisions: ["main"] }],
      }),
    );
    expect((invisible as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      expect.stringMatching(/repository ".*" not found$/),
    ]);
    const calls = emulator.counters.total();
    const repeated = await failureOf(
      alice.createSearchContext({
        name: "web",
        namespace: ids.alice,
        repositories: [
          { repositoryID: ids.otherRepo, revisions: ["main"] },
          { repositoryID: ids.otherRepo, revisions: ["dev"] },
        ],
      }),
    );
    expect(repeated).toBeInstanceOf(InvalidArgumentError);
    expect(emulator.counters.total()).toBe(calls);
    expect(emulator.state.searchContexts.size).toBe(0);
  });
});

describe("currentUser and findUser", () => {
  it("currentUser: the token's user, or null when anonymous", async () => {
    const emulator = await startGraphQLEmulator();
    expect(await graphqlFor(emulator).currentUser()).toEqual({
      id: ids.admin,
      username: "admin",
      displayName: null,
      siteAdmin: true,
      primaryEmail: { email: "admin@example.com", verified: true },
    });
    expect(await graphqlFor(emulator, "bob").currentUser()).toMatchObject({ id: ids.bob, username: "bob" });
    expect(await graphqlFor(emulator, null).currentUser()).toBeNull();
  });

  it("findUser by username and by email (in any case: citext), null for nobody", async () => {
    const emulator = await startGraphQLEmulator();
    const admin = graphqlFor(emulator);
    expect(await admin.findUser({ username: "bob" })).toMatchObject({ id: ids.bob, siteAdmin: false });
    expect(await admin.findUser({ email: "Carol@Example.com" })).toMatchObject({
      id: ids.carol,
      username: "carol",
    });
    expect(await admin.findUser({ email: "carol@example.com" })).toMatchObject({ id: ids.carol });
    expect(await admin.findUser({ username: "CAROL" })).toMatchObject({ id: ids.carol });
    expect(await admin.findUser({ email: "nobody@example.com" })).toBeNull();
    expect(await admin.findUser({ username: "nobody" })).toBeNull();
  });

  it("findUser by another user's email needs a site admin; anonymous lookups need a signed-in user", async () => {
    const emulator = await startGraphQLEmulator();
    const bob = graphqlFor(emulator, "bob");
    expect(await bob.findUser({ email: "bob@example.com" })).toMatchObject({ username: "bob" });
    const error = await failureOf(bob.findUser({ email: "alice@example.com" }));
    expect((error as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "must be site admin",
    ]);
    const anonymous = await failureOf(graphqlFor(emulator, null).findUser({ username: "bob" }));
    expect((anonymous as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "not authenticated",
    ]);
  });
});
