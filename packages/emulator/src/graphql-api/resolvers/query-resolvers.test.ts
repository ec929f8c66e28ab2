import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import { type As, callGraphQL, errorMessages, graphqlData } from "../../../test/support/call-graphql.js";
import { useEmulator } from "../../../test/support/use-emulator.js";
import type { EmulatorSeed } from "../../seed/seed-types.js";
import type { Emulator } from "../../server/start-emulator.js";

const start = useEmulator();
const repoId = (id: number) => encodeNodeId("Repository", id);
const userId = (id: number) => encodeNodeId("User", id);

const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
    { id: 2, username: "alice", email: "alice@example.com" },
    { id: 3, username: "bob", email: "Bob@Example.com" },
    { id: 4, username: "carol" },
  ],
  orgs: [{ id: 7, name: "acme", members: ["alice"] }],
  repositories: [
    { id: 101, name: "github.com/acme/api" },
    { id: 102, name: "github.com/acme/web" },
    { id: 103, name: "github.com/acme/docs", unrestricted: true },
  ],
  tokens: [
    { name: "admin", user: "admin", scopes: ["user:all"] },
    { name: "alice", user: "alice", scopes: ["user:all"] },
    { name: "bob", user: "bob", scopes: ["user:all"] },
  ],
  permissions: [
    { repository: 101, user: "alice" },
    { repository: 102, user: "alice" },
    { repository: 101, user: "bob" },
  ],
  pendingPermissions: [{ bindID: "newhire", repository: 102 }],
};

describe("Query.repository", () => {
  it("finds a repository by name with its node ID, name and url", async () => {
    const emulator = await start({ seed });
    expect(
      await graphqlData(emulator, '{ repository(name: "github.com/acme/api") { id name url } }'),
    ).toEqual({
      repository: { id: "UmVwb3NpdG9yeToxMDE=", name: "github.com/acme/api", url: "/github.com/acme/api" },
    });
  });

  it("GQL-10: finds a repository by clone URL or by the deprecated uri, as Sourcegraph's repository(name, cloneURL, uri)", async () => {
    const emulator = await start({ seed });
    const query = `query R($name: String, $cloneURL: String, $uri: String) {
      repository(name: $name, cloneURL: $cloneURL, uri: $uri) { name } }`;
    const found = { repository: { name: "github.com/acme/api" } };
    for (const cloneURL of [
      "https://github.com/acme/api.git",
      "https://github.com/acme/api",
      "ssh://git@github.com/acme/api.git",
      "git@github.com:acme/api.git",
    ]) {
      expect(await graphqlData(emulator, query, { cloneURL })).toEqual(found);
    }
    expect(await graphqlData(emulator, query, { uri: "github.com/acme/api" })).toEqual(found);
    expect(await graphqlData(emulator, query, { cloneURL: "https://gitlab.com/acme/api.git" })).toEqual({
      repository: null,
    });
    expect(await graphqlData(emulator, query, { cloneURL: "not a url" })).toEqual({ repository: null });
    // Sourcegraph's words when no argument is given (cmd/frontend/graphqlbackend/repository.go).
    const none = await callGraphQL(emulator, query, {});
    expect(none.body?.errors).toEqual([
      { message: "neither name nor cloneURL given", locations: expect.any(Array), path: ["repository"] },
    ]);
  });

  it("answers null for an unknown name, and for a repository the viewer cannot see", async () => {
    const emulator = await start({ seed });
    const query = "query R($n: String!) { repository(name: $n) { name } }";
    expect(await graphqlData(emulator, query, { n: "github.com/acme/nope" })).toEqual({ repository: null });
    expect(
      await graphqlData(emulator, query, { n: "github.com/acme/web" }, { as: { token: "bob" } }),
    ).toEqual({
      repository: null,
    });
    expect(
      await graphqlData(emulator, query, { n: "github.com/acme/web" }, { as: { token: "alice" } }),
    ).toEqual({
      repository: { name: "github.com/acme/web" },
    });
    expect(await graphqlData(emulator, query, { n: "github.com/acme/docs" }, { as: "anonymous" })).toEqual({
      repository: { name: "github.com/acme/docs" },
    });
    expect(await graphqlData(emulator, query, { n: "github.com/acme/api" }, { as: "anonymous" })).toEqual({
      repository: null,
    });
  });

  it("looks many names up in one request with aliases", async () => {
    const emulator = await start({ seed });
    const data = await graphqlData(
      emulator,
      `query RepositoryIds {
        r0: repository(name: "github.com/acme/api") { id }
        r1: repository(name: "github.com/acme/missing") { id }
        r2: repository(name: "github.com/acme/docs") { id }
      }`,
    );
    expect(data).toEqual({ r0: { id: repoId(101) }, r1: null, r2: { id: repoId(103) } });
    expect(emulator.counters.get("graphql:RepositoryIds")).toBe(1);
  });
});

describe("Query.node", () => {
  it("GQL-18: resolves every kind of node", async () => {
    const emulator = await start({
      seed: { ...seed, searchContexts: [{ name: "ctx", namespace: "alice", public: true }] },
    });
    const query = `query N($id: ID!) { node(id: $id) { __typename id
      ... on Repository { name } ... on User { username } ... on Org { name } ... on SearchContext { spec } } }`;
    const node = async (id: string) => (await graphqlData(emulator, query, { id })).node;
    expect(await node(repoId(101))).toEqual({
      __typename: "Repository",
      id: repoId(101),
      name: "github.com/acme/api",
    });
    expect(await node(userId(2))).toEqual({ __typename: "User", id: userId(2), username: "alice" });
    expect(await node(encodeNodeId("Org", 7))).toEqual({ __typename: "Org", id: "T3JnOjc=", name: "acme" });
    expect(await node(encodeNodeId("SearchContext", "@alice/ctx"))).toEqual({
      __typename: "SearchContext",
      id: encodeNodeId("SearchContext", "@alice/ctx"),
      spec: "@alice/ctx",
    });
  });

  it("answers null for missing or invisible nodes and unknown kinds", async () => {
    const emulator = await start({ seed });
    const query = "query N($id: ID!) { node(id: $id) { id } }";
    for (const id of [
      repoId(999),
      userId(999),
      encodeNodeId("Org", 999),
      encodeNodeId("Commit", 1),
      encodeNodeId("Repository", "101"),
    ]) {
      expect(await graphqlData(emulator, query, { id }), id).toEqual({ node: null });
    }
    expect(await graphqlData(emulator, query, { id: repoId(102) }, { as: { token: "bob" } })).toEqual({
      node: null,
    });
    expect(await graphqlData(emulator, query, { id: userId(2) }, { as: "anonymous" })).toEqual({
      node: null,
    });
  });

  it("refuses an ID that does not decode, with a message and a path (no extensions.code)", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, '{ node(id: "UmVwb3NpdG9yeToxMDE") { id } }');
    expect(answer.body?.errors?.[0]?.path).toEqual(["node"]);
    expect(answer.body?.errors?.[0]).not.toHaveProperty("extensions");
    expect(answer.body?.errors?.[0]?.message).toBe(
      'id: "UmVwb3NpdG9yeToxMDE" is not a Sourcegraph node ID: it is not URL-safe base64 with padding of UTF-8 text.',
    );
  });
});

describe("Query.currentUser and User fields", () => {
  it("describes the viewer, with its emails and organizations", async () => {
    const emulator = await start({ seed });
    const data = await graphqlData(
      emulator,
      `{ currentUser { id username displayName siteAdmin primaryEmail { email isPrimary verified }
         emails { email } namespaceName url organizations { totalCount nodes { id name displayName viewerIsMember namespaceName url } } } }`,
      {},
      { as: { token: "alice" } },
    );
    expect(data.currentUser).toEqual({
      id: userId(2),
      username: "alice",
      displayName: null,
      siteAdmin: false,
      primaryEmail: { email: "alice@example.com", isPrimary: true, verified: true },
      emails: [{ email: "alice@example.com" }],
      namespaceName: "alice",
      url: "/users/alice",
      organizations: {
        totalCount: 1,
        nodes: [
          {
            id: encodeNodeId("Org", 7),
            name: "acme",
            displayName: null,
            viewerIsMember: true,
            namespaceName: "acme",
            url: "/organizations/acme",
          },
        ],
      },
    });
  });

  it("shows a user's emails only to the user and to site admins", async () => {
    const emulator = await start({ seed });
    const query =
      '{ user(username: "alice") { primaryEmail { email } emails { email } organizations { nodes { viewerIsMember } } } }';
    expect((await graphqlData(emulator, query, {}, { as: { token: "bob" } })).user).toEqual({
      primaryEmail: null,
      emails: [],
      organizations: { nodes: [{ viewerIsMember: false }] },
    });
    expect((await graphqlData(emulator, query)).user.emails).toEqual([{ email: "alice@example.com" }]);
  });
});

describe("Query.user", () => {
  it("finds a user by username or, for site admins, by email, both in any case (citext)", async () => {
    const emulator = await start({ seed });
    const query = "query U($u: String, $e: String) { user(username: $u, email: $e) { username } }";
    expect(await graphqlData(emulator, query, { u: "bob" })).toEqual({ user: { username: "bob" } });
    expect(await graphqlData(emulator, query, { u: "BOB" })).toEqual({ user: { username: "bob" } });
    expect(await graphqlData(emulator, query, { u: "nobody" })).toEqual({ user: null });
    expect(await graphqlData(emulator, query, { e: "Bob@Example.com" })).toEqual({
      user: { username: "bob" },
    });
    expect(await graphqlData(emulator, query, { e: "bob@example.com" })).toEqual({
      user: { username: "bob" },
    });
    expect(await graphqlData(emulator, query, { e: "nobody@example.com" })).toEqual({ user: null });
    // A user may look itself up by email.
    expect(
      await graphqlData(emulator, query, { e: "alice@example.com" }, { as: { token: "alice" } }),
    ).toEqual({
      user: { username: "alice" },
    });
  });

  it.each([
    [
      "both arguments",
      { u: "bob", e: "Bob@Example.com" },
      { token: "admin" },
      "give exactly one of username and email",
    ],
    ["neither argument", {}, { token: "admin" }, "give exactly one of username and email"],
    [
      "another user's email by a non-admin",
      { e: "Bob@Example.com" },
      { token: "alice" },
      "must be site admin",
    ],
    ["an anonymous request", { u: "bob" }, "anonymous" as const, "not authenticated"],
  ])("refuses %s", async (_, variables, as, message) => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(
      emulator,
      "query U($u: String, $e: String) { user(username: $u, email: $e) { username } }",
      variables,
      { as },
    );
    expect(answer.body?.errors).toEqual([{ message, locations: expect.any(Array), path: ["user"] }]);
    expect(answer.body?.data).toEqual({ user: null });
  });
});

describe("Query.users", () => {
  it("pages through the users by id, with a query filter, for site admins only", async () => {
    const emulator = await start({ seed });
    const query = `query Users($after: String, $q: String) { users(first: 3, after: $after, query: $q) {
      nodes { username } totalCount pageInfo { hasNextPage endCursor } } }`;
    const first = (await graphqlData(emulator, query)).users;
    expect(first).toEqual({
      nodes: [{ username: "admin" }, { username: "alice" }, { username: "bob" }],
      totalCount: 4,
      pageInfo: { hasNextPage: true, endCursor: userId(3) },
    });
    expect((await graphqlData(emulator, query, { after: first.pageInfo.endCursor })).users).toEqual({
      nodes: [{ username: "carol" }],
      totalCount: 4,
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    expect((await graphqlData(emulator, query, { q: "O" })).users.nodes).toEqual([
      { username: "bob" },
      { username: "carol" },
    ]);
    expect(errorMessages(await callGraphQL(emulator, query, {}, { as: { token: "alice" } }))).toEqual([
      "must be site admin",
    ]);
    expect(errorMessages(await callGraphQL(emulator, query, { after: repoId(1) }))).toEqual([
      `after: "${repoId(1)}" is a Repository ID, not a User ID`,
    ]);
  });
});

describe("Query.repositories", () => {
  const query = `query Repositories($first: Int, $after: String) {
    repositories(first: $first, after: $after) { nodes { id name } totalCount pageInfo { hasNextPage endCursor } }
  }`;
  type Page = {
    nodes: Array<{ id: string; name: string }>;
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  const names = async (emulator: Emulator, as: As, first?: number) => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = (await graphqlData(emulator, query, { first, after }, { as })).repositories;
      seen.push(...page.nodes.map((node) => node.name));
      after = page.pageInfo.endCursor;
    } while (after);
    return seen;
  };

  it("GQL-11: lists what the viewer can see by name, with the same rule as repository(name:); totalCount for site admins only", async () => {
    const emulator = await start({ seed });
    expect(await names(emulator, { token: "admin" })).toEqual([
      "github.com/acme/api",
      "github.com/acme/docs",
      "github.com/acme/web",
    ]);
    expect(await names(emulator, { token: "alice" })).toEqual([
      "github.com/acme/api",
      "github.com/acme/docs",
      "github.com/acme/web",
    ]);
    expect(await names(emulator, { token: "bob" })).toEqual(["github.com/acme/api", "github.com/acme/docs"]);
    expect(await names(emulator, "anonymous")).toEqual(["github.com/acme/docs"]);
    const bob: Page = (await graphqlData(emulator, query, { first: 1 }, { as: { token: "bob" } }))
      .repositories;
    expect(bob).toEqual({
      nodes: [{ id: repoId(101), name: "github.com/acme/api" }],
      // Sourcegraph counts for site admins only, and answers 0 to everyone else.
      totalCount: 0,
      pageInfo: { hasNextPage: true, endCursor: repoId(101) },
    });
  });

  it("GQL-11: answers a NewRepositoryConnection: totalCount Int! and a ConnectionPageInfo with the backward fields", async () => {
    const emulator = await start({ seed });
    const pages = `query P($after: String) { repositories(first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor hasPreviousPage startCursor } } }`;
    const first = (await graphqlData(emulator, pages)).repositories;
    expect(first).toEqual({
      totalCount: 3,
      pageInfo: {
        hasNextPage: true,
        endCursor: repoId(101),
        hasPreviousPage: false,
        startCursor: repoId(101),
      },
    });
    expect((await graphqlData(emulator, pages, { after: repoId(101) })).repositories.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: repoId(103),
      hasPreviousPage: true,
      startCursor: repoId(103),
    });
    const types = await graphqlData(
      emulator,
      `{ c: __type(name: "NewRepositoryConnection") { fields { name type { kind name ofType { name } } } }
         q: __type(name: "Query") { fields { name type { kind ofType { name } } } } }`,
    );
    expect(types.c.fields.find((field: { name: string }) => field.name === "totalCount").type).toMatchObject({
      kind: "NON_NULL",
      ofType: { name: "Int" },
    });
    expect(
      types.q.fields.find((field: { name: string }) => field.name === "repositories").type,
    ).toMatchObject({ kind: "NON_NULL", ofType: { name: "NewRepositoryConnection" } });
  });

  it("GQL-11: pages by name with cursors that survive changes between pages, lowering first to 1000", async () => {
    // Ids falling as names rise: the listing follows the names.
    const repositories = Array.from({ length: 2500 }, (_, i) => ({
      id: 5000 - 2 * i,
      name: `github.com/bulk/r${String(i).padStart(4, "0")}`,
    }));
    const emulator = await start({
      seed: {
        users: [{ id: 1, username: "admin", siteAdmin: true }],
        repositories,
        tokens: [{ name: "admin", user: "admin", scopes: ["user:all"] }],
      },
    });
    const first: Page = (await graphqlData(emulator, query, { first: 5000 })).repositories;
    expect(first.nodes).toHaveLength(1000);
    expect(first.totalCount).toBe(2500);
    expect(first.nodes[0]?.name).toBe("github.com/bulk/r0000");
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: repoId(3002) });
    // A repository added behind the cursor is not listed; one ahead of it is.
    emulator.state.repositories.add({
      id: 1,
      name: "github.com/bulk/a-behind",
      files: new Map(),
      unrestricted: false,
    });
    emulator.state.repositories.add({
      id: 2001,
      name: "github.com/bulk/r0999a",
      files: new Map(),
      unrestricted: false,
    });
    const second: Page = (
      await graphqlData(emulator, query, { first: 1000, after: first.pageInfo.endCursor })
    ).repositories;
    expect(second.nodes[0]?.name).toBe("github.com/bulk/r0999a");
    expect(second.totalCount).toBe(2502);
    expect((await names(emulator, { token: "admin" }, 1000)).length).toBe(2502);
    expect((await graphqlData(emulator, query, {})).repositories.nodes).toHaveLength(50);
    expect(emulator.counters.get("graphql:Repositories")).toBe(6);
  });

  it.each([
    ["a negative first", { first: -1 }, /^first must not be negative, got -1$/],
    [
      "a cursor of another kind",
      { first: 1, after: userId(1) },
      /^after: ".*" is a User ID, not a Repository ID$/,
    ],
    [
      "a cursor that does not decode",
      { first: 1, after: "nope" },
      /^after: "nope" is not a Sourcegraph node ID/,
    ],
  ])("refuses %s", async (_, variables, message) => {
    const emulator = await start({ seed });
    expect(errorMessages(await callGraphQL(emulator, query, variables))).toEqual([
      expect.stringMatching(message),
    ]);
  });
});

describe("Query.authorizedUserRepositories", () => {
  const query = `query A($u: String, $e: String, $first: Int!, $after: String) {
    authorizedUserRepositories(username: $u, email: $e, first: $first, after: $after) {
      nodes { name } totalCount pageInfo { hasNextPage endCursor } } }`;

  it("lists a user's explicit repositories by username or email", async () => {
    const emulator = await start({ seed });
    expect(
      (await graphqlData(emulator, query, { u: "alice", first: 10 })).authorizedUserRepositories,
    ).toEqual({
      nodes: [{ name: "github.com/acme/api" }, { name: "github.com/acme/web" }],
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    expect(
      (await graphqlData(emulator, query, { e: "Bob@Example.com", first: 10 })).authorizedUserRepositories
        .nodes,
    ).toEqual([{ name: "github.com/acme/api" }]);
  });

  it("lists the pending repositories of a bindID that no user has yet", async () => {
    const emulator = await start({ seed });
    expect(
      (await graphqlData(emulator, query, { u: "newhire", first: 10 })).authorizedUserRepositories.nodes,
    ).toEqual([{ name: "github.com/acme/web" }]);
    expect(
      (await graphqlData(emulator, query, { u: "nobody", first: 10 })).authorizedUserRepositories.nodes,
    ).toEqual([]);
  });

  it("GQL-20: pages at most 100 repositories at a time, following endCursor", async () => {
    const repositories = Array.from({ length: 250 }, (_, i) => ({
      id: 1000 + i,
      name: `github.com/acme/r${i}`,
    }));
    const emulator = await start({
      seed: {
        users: [
          { id: 1, username: "admin", siteAdmin: true },
          { id: 2, username: "alice" },
        ],
        repositories,
        tokens: [{ name: "admin", user: "admin", scopes: ["user:all"] }],
        permissions: repositories.map((repository) => ({ repository: repository.id, user: "alice" })),
      },
    });
    const sizes: number[] = [];
    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: {
        nodes: Array<{ name: string }>;
        totalCount: number;
        pageInfo: { endCursor: string | null };
      } = (await graphqlData(emulator, query, { u: "alice", first: 1000, after })).authorizedUserRepositories;
      sizes.push(page.nodes.length);
      names.push(...page.nodes.map((node) => node.name));
      expect(page.totalCount).toBe(250);
      after = page.pageInfo.endCursor;
    } while (after);
    expect(sizes).toEqual([100, 100, 50]);
    expect(names).toEqual(repositories.map((repository) => repository.name));
  });

  it.each([
    ["a non-admin", { u: "alice", first: 1 }, { token: "alice" }, "must be site admin"],
    ["an anonymous request", { u: "alice", first: 1 }, "anonymous" as const, "not authenticated"],
    [
      "both username and email",
      { u: "alice", e: "alice@example.com", first: 1 },
      { token: "admin" },
      "give exactly one of username and email",
    ],
    ["a negative first", { u: "alice", first: -1 }, { token: "admin" }, "first must not be negative, got -1"],
    [
      "a cursor of another kind",
      { u: "alice", first: 1, after: userId(1) },
      { token: "admin" },
      `after: "${userId(1)}" is a User ID, not a Repository ID`,
    ],
  ])("refuses %s", async (_, variables, as, message) => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, query, variables, { as });
    expect(answer.body?.errors).toEqual([
      { message, locations: expect.any(Array), path: ["authorizedUserRepositories"] },
    ]);
  });
});

describe("Query.usersWithPendingPermissions", () => {
  it("lists the bindIDs with pending permissions, for site admins only", async () => {
    const emulator = await start({
      seed: {
        ...seed,
        pendingPermissions: [...(seed.pendingPermissions ?? []), { bindID: "amy", repository: 101 }],
      },
    });
    expect(await graphqlData(emulator, "{ usersWithPendingPermissions }")).toEqual({
      usersWithPendingPermissions: ["amy", "newhire"],
    });
    expect(
      errorMessages(
        await callGraphQL(emulator, "{ usersWithPendingPermissions }", {}, { as: { token: "bob" } }),
      ),
    ).toEqual(["must be site admin"]);
  });
});

describe("Repository.authorizedUsers and permissionsInfo", () => {
  it("GQL-19: takes Sourcegraph's permission argument (READ, the only level)", async () => {
    const emulator = await start({ seed });
    const query = `{ repository(name: "github.com/acme/api") {
      authorizedUsers(permission: READ, first: 10) { nodes { username } totalCount } } }`;
    expect((await graphqlData(emulator, query)).repository.authorizedUsers).toEqual({
      nodes: [{ username: "alice" }, { username: "bob" }],
      totalCount: 2,
    });
  });

  it("pages a repository's users by id", async () => {
    const emulator = await start({ seed });
    const query = `query U($after: String) { repository(name: "github.com/acme/api") {
      authorizedUsers(first: 1, after: $after) { nodes { username } totalCount pageInfo { hasNextPage endCursor } } } }`;
    const first = (await graphqlData(emulator, query)).repository.authorizedUsers;
    expect(first).toEqual({
      nodes: [{ username: "alice" }],
      totalCount: 2,
      pageInfo: { hasNextPage: true, endCursor: userId(2) },
    });
    expect(
      (await graphqlData(emulator, query, { after: first.pageInfo.endCursor })).repository.authorizedUsers,
    ).toEqual({
      nodes: [{ username: "bob" }],
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it("GQL-19: describes a repository's permissions: the API source, the time and the unrestricted flag", async () => {
    const times = ["2026-02-01T00:00:00.456Z"];
    const emulator = await start({ seed, now: () => new Date(times[0] as string) });
    const info = async (name: string) =>
      (
        await graphqlData(
          emulator,
          "query P($n: String!) { repository(name: $n) { permissionsInfo { permissions source updatedAt unrestricted } } }",
          { n: name },
        )
      ).repository.permissionsInfo;
    expect(await info("github.com/acme/api")).toEqual({
      permissions: ["READ"],
      source: "API",
      // DateTime values have whole seconds, as Sourcegraph's.
      updatedAt: "2026-02-01T00:00:00Z",
      unrestricted: false,
    });
    expect(await info("github.com/acme/docs")).toEqual({
      permissions: ["READ"],
      source: null,
      updatedAt: null,
      unrestricted: true,
    });
    emulator.state.repositories.add({
      id: 104,
      name: "github.com/acme/new",
      files: new Map(),
      unrestricted: false,
    });
    expect(await info("github.com/acme/new")).toBeNull();
  });

  it("keeps both fields for site admins: a non-admin gets an error on each (authorizedUsers is non-null, so the repository is null)", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(
      emulator,
      '{ repository(name: "github.com/acme/api") { name permissionsInfo { source } authorizedUsers(first: 1) { totalCount } } }',
      {},
      { as: { token: "alice" } },
    );
    expect(answer.body?.data).toEqual({ repository: null });
    expect(answer.body?.errors?.map((error) => [error.path, error.message, error.extensions])).toEqual([
      [["repository", "permissionsInfo"], "must be site admin", undefined],
      [["repository", "authorizedUsers"], "must be site admin", undefined],
    ]);
  });
});
