import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import { type As, callGraphQL, errorMessages, graphqlData } from "../../../test/support/call-graphql.js";
import { useEmulator } from "../../../test/support/use-emulator.js";
import type { EmulatorSeed } from "../../seed/seed-types.js";

const start = useEmulator();
const repoId = (id: number) => encodeNodeId("Repository", id);
const contextId = (spec: string) => encodeNodeId("SearchContext", spec);
const ALICE = encodeNodeId("User", 2);
const ACME = encodeNodeId("Org", 7);

const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 2, username: "alice" },
    { id: 3, username: "bob" },
  ],
  orgs: [{ id: 7, name: "acme", members: ["alice"] }],
  repositories: [
    { id: 101, name: "github.com/acme/api" },
    { id: 102, name: "github.com/acme/web" },
    { id: 103, name: "github.com/acme/docs", unrestricted: true },
  ],
  tokens: ["admin", "alice", "bob"].map((name) => ({ name, user: name, scopes: ["user:all"] })),
  permissions: [{ repository: 101, user: "alice" }],
};

const at = (time: string) => () => new Date(time);

const FIELDS = `id name spec description public autoDefined query updatedAt viewerCanManage
  namespace { __typename id namespaceName } repositories { repository { id name } revisions }`;
const CREATE = `mutation Create($searchContext: SearchContextInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {
  createSearchContext(searchContext: $searchContext, repositories: $repositories) { ${FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $searchContext: SearchContextEditInput!, $repositories: [SearchContextRepositoryRevisionsInput!]!) {
  updateSearchContext(id: $id, searchContext: $searchContext, repositories: $repositories) { ${FIELDS} } }`;
const DELETE = "mutation Delete($id: ID!) { deleteSearchContext(id: $id) { alwaysNil } }";
const BY_SPEC = `query BySpec($spec: String!) { searchContextBySpec(spec: $spec) { ${FIELDS} } }`;

describe("createSearchContext", () => {
  it("GQL-17: creates a context in a user's, an org's or the global namespace, stamped in whole seconds", async () => {
    const emulator = await start({ seed, now: at("2026-03-01T00:00:00.789Z") });
    const mine = await graphqlData(
      emulator,
      CREATE,
      {
        searchContext: {
          name: "backend",
          description: "Backend code",
          public: false,
          namespace: ALICE,
          query: "",
        },
        repositories: [{ repositoryID: repoId(101), revisions: ["main", "v1.2.0"] }],
      },
      { as: { token: "alice" } },
    );
    expect(mine.createSearchContext).toEqual({
      id: contextId("@alice/backend"),
      name: "backend",
      spec: "@alice/backend",
      description: "Backend code",
      public: false,
      autoDefined: false,
      query: "",
      // DateTime values have whole seconds, as Sourcegraph's.
      updatedAt: "2026-03-01T00:00:00Z",
      viewerCanManage: true,
      namespace: { __typename: "User", id: ALICE, namespaceName: "alice" },
      repositories: [
        { repository: { id: repoId(101), name: "github.com/acme/api" }, revisions: ["main", "v1.2.0"] },
      ],
    });
    const org = await graphqlData(
      emulator,
      CREATE,
      {
        searchContext: { name: "team/web", description: "", public: true, namespace: ACME, query: "lang:go" },
        repositories: [],
      },
      { as: { token: "alice" } },
    );
    expect(org.createSearchContext).toMatchObject({
      spec: "@acme/team/web",
      query: "lang:go",
      namespace: { __typename: "Org", id: ACME, namespaceName: "acme" },
    });
    const global = await graphqlData(emulator, CREATE, {
      searchContext: { name: "everything", description: "All", public: true, query: "" },
      repositories: [{ repositoryID: repoId(103), revisions: ["HEAD"] }],
    });
    expect(global.createSearchContext).toMatchObject({
      spec: "everything",
      namespace: null,
      id: contextId("everything"),
    });
    expect(emulator.state.searchContexts.size).toBe(3);
  });

  it.each([
    [
      "a taken name in the namespace",
      { name: "dup", description: "", public: true, namespace: ALICE },
      [],
      "search context already exists",
    ],
    [
      "a bad name",
      { name: "has space", description: "", public: true, namespace: ALICE },
      [],
      'searchContext.name: may hold only letters, digits, "_", "-", "/" and ".", got "has space"',
    ],
    [
      "a long description",
      { name: "x", description: "d".repeat(1025), public: true, namespace: ALICE },
      [],
      "searchContext.description: must be at most 1024 characters, got 1025",
    ],
    [
      "an unknown namespace",
      { name: "x", description: "", public: true, namespace: encodeNodeId("User", 99) },
      [],
      `searchContext.namespace: namespace "${encodeNodeId("User", 99)}" not found`,
    ],
    [
      "a namespace that is a repository",
      { name: "x", description: "", public: true, namespace: repoId(101) },
      [],
      `searchContext.namespace: "${repoId(101)}" is a Repository ID, not a User or Org ID`,
    ],
    [
      "a missing repository",
      { name: "x", description: "", public: true, namespace: ALICE },
      [{ repositoryID: repoId(999), revisions: ["HEAD"] }],
      `repositories[0].repositoryID: repository "${repoId(999)}" not found`,
    ],
    [
      "a repository the viewer cannot see",
      { name: "x", description: "", public: true, namespace: ALICE },
      [{ repositoryID: repoId(102), revisions: ["HEAD"] }],
      `repositories[0].repositoryID: repository "${repoId(102)}" not found`,
    ],
    [
      "a repository twice",
      { name: "x", description: "", public: true, namespace: ALICE },
      [
        { repositoryID: repoId(101), revisions: ["HEAD"] },
        { repositoryID: repoId(101), revisions: ["main"] },
      ],
      `repositories[1].repositoryID: "${repoId(101)}" is a duplicate of repositories[0]`,
    ],
    [
      "no revisions",
      { name: "x", description: "", public: true, namespace: ALICE },
      [{ repositoryID: repoId(101), revisions: [] }],
      'repositories[0].revisions: must name at least one revision, such as "HEAD"',
    ],
    [
      "a blank revision",
      { name: "x", description: "", public: true, namespace: ALICE },
      [{ repositoryID: repoId(101), revisions: ["main", " "] }],
      "repositories[0].revisions[1]: must not be blank",
    ],
    // Sourcegraph's rules and words (internal/search/searchcontexts/search_contexts.go).
    [
      "the name of the auto-defined global context",
      { name: "global", description: "", public: true },
      [],
      "cannot override global search context",
    ],
    [
      "global in a user's namespace too",
      { name: "global", description: "", public: true, namespace: ALICE },
      [],
      "cannot override global search context",
    ],
    [
      "a query together with repositories",
      { name: "x", description: "", public: true, namespace: ALICE, query: "lang:go" },
      [{ repositoryID: repoId(101), revisions: ["HEAD"] }],
      "search context query and repository revisions are mutually exclusive",
    ],
  ])("GQL-14, GQL-16: refuses %s", async (_, searchContext, repositories, message) => {
    const emulator = await start({
      seed: { ...seed, searchContexts: [{ name: "dup", namespace: "alice" }] },
    });
    const answer = await callGraphQL(
      emulator,
      CREATE,
      { searchContext: { query: "", ...searchContext }, repositories },
      { as: { token: "alice" } },
    );
    // As Sourcegraph's: a message and a path, no extensions.code.
    expect(answer.body?.errors).toEqual([
      expect.objectContaining({ message, path: ["createSearchContext"] }),
    ]);
    expect(answer.body?.errors?.[0]).not.toHaveProperty("extensions");
    expect(emulator.state.searchContexts.size).toBe(1);
  });
});

describe("SearchContextInput.query", () => {
  it("GQL-14: is required (String!) on create and update, as on current servers", async () => {
    const emulator = await start({ seed });
    const create = await callGraphQL(
      emulator,
      CREATE,
      { searchContext: { name: "x", description: "", public: true }, repositories: [] },
      { as: { token: "alice" } },
    );
    expect(errorMessages(create)).toEqual([
      expect.stringMatching(/Field "query" of required type "String!" was not provided/),
    ]);
    expect(emulator.state.searchContexts.size).toBe(0);
  });
});

describe("updateSearchContext", () => {
  const seeded: EmulatorSeed = {
    ...seed,
    searchContexts: [
      {
        name: "backend",
        namespace: "alice",
        description: "Backend",
        public: true,
        query: "lang:go",
        repositories: [
          { repository: 101, revisions: ["main"] },
          { repository: 103, revisions: ["HEAD"] },
        ],
        updatedAt: "2026-01-01T00:00:00Z",
      },
    ],
  };

  it("replaces every field and every repository, keeping the namespace", async () => {
    const emulator = await start({ seed: seeded, now: at("2026-05-01T00:00:00Z") });
    const data = await graphqlData(
      emulator,
      UPDATE,
      {
        id: contextId("@alice/backend"),
        searchContext: { name: "backend", description: "Only the API", public: false, query: "" },
        repositories: [{ repositoryID: repoId(101), revisions: ["main", "release"] }],
      },
      { as: { token: "alice" } },
    );
    expect(data.updateSearchContext).toMatchObject({
      id: contextId("@alice/backend"),
      description: "Only the API",
      public: false,
      // The query sent is "": a full replacement clears it.
      query: "",
      updatedAt: "2026-05-01T00:00:00Z",
      namespace: { id: ALICE },
      repositories: [{ repository: { name: "github.com/acme/api" }, revisions: ["main", "release"] }],
    });
  });

  it("GQL-18: renames: the spec and the node ID change, and the old ID no longer resolves", async () => {
    const emulator = await start({ seed: seeded });
    const data = await graphqlData(
      emulator,
      UPDATE,
      {
        id: contextId("@alice/backend"),
        searchContext: { name: "services", description: "Backend", public: true, query: "lang:go" },
        repositories: [],
      },
      { as: { token: "alice" } },
    );
    expect(data.updateSearchContext).toMatchObject({
      spec: "@alice/services",
      id: contextId("@alice/services"),
    });
    const old = await callGraphQL(emulator, "query N($id: ID!) { node(id: $id) { id } }", {
      id: contextId("@alice/backend"),
    });
    expect(old.body?.data).toEqual({ node: null });
    expect(errorMessages(old)).toEqual(["search context not found"]);
    expect(errorMessages(await callGraphQL(emulator, BY_SPEC, { spec: "@alice/backend" }))).toEqual([
      "search context not found",
    ]);
  });

  it("cannot move a context: the edit input has no namespace", async () => {
    const emulator = await start({ seed: seeded });
    const answer = await callGraphQL(
      emulator,
      UPDATE,
      {
        id: contextId("@alice/backend"),
        searchContext: { name: "backend", description: "", public: true, namespace: ACME, query: "" },
        repositories: [],
      },
      { as: { token: "alice" } },
    );
    expect(answer.body?.errors).toHaveLength(1);
    expect(answer.body?.errors?.[0]?.message).toMatch(
      /Field "namespace" is not defined by type "SearchContextEditInput"/,
    );
    expect(emulator.state.searchContextBySpec("@alice/backend")?.namespace).toEqual({ kind: "user", id: 2 });
  });

  it.each([
    [
      "a name taken in the namespace",
      "other",
      "",
      contextId("@alice/backend"),
      "search context already exists",
    ],
    ["a missing context", "x", "", contextId("@alice/missing"), "search context not found"],
    ["an ID of another kind", "x", "", repoId(101), `id: "${repoId(101)}" is not a SearchContext ID`],
    // Sourcegraph's rules and words (internal/search/searchcontexts/search_contexts.go).
    ["a rename to global", "global", "", contextId("@alice/backend"), "cannot update global search context"],
    [
      "a query together with repositories",
      "backend",
      "lang:go",
      contextId("@alice/backend"),
      "search context query and repository revisions are mutually exclusive",
    ],
  ])("GQL-14: refuses %s", async (_, name, query, id, message) => {
    const emulator = await start({
      seed: {
        ...seeded,
        searchContexts: [...(seeded.searchContexts ?? []), { name: "other", namespace: "alice" }],
      },
    });
    const answer = await callGraphQL(
      emulator,
      UPDATE,
      {
        id,
        searchContext: { name, description: "", public: true, query },
        repositories: query === "" ? [] : [{ repositoryID: repoId(101), revisions: ["main"] }],
      },
      { as: { token: "alice" } },
    );
    expect(answer.body?.errors).toEqual([
      expect.objectContaining({ message, path: ["updateSearchContext"] }),
    ]);
    expect(emulator.state.searchContextBySpec("@alice/backend")?.description).toBe("Backend");
  });
});

describe("deleteSearchContext", () => {
  it("deletes a context; a second delete finds nothing", async () => {
    const emulator = await start({
      seed: { ...seed, searchContexts: [{ name: "gone", namespace: "acme", public: true }] },
    });
    const id = contextId("@acme/gone");
    expect(await graphqlData(emulator, DELETE, { id }, { as: { token: "alice" } })).toEqual({
      deleteSearchContext: { alwaysNil: null },
    });
    expect(emulator.state.searchContexts.size).toBe(0);
    expect(errorMessages(await callGraphQL(emulator, DELETE, { id }, { as: { token: "alice" } }))).toEqual([
      "search context not found",
    ]);
  });
});

describe("SearchContext.repositories", () => {
  it("leaves out the repositories the viewer cannot see", async () => {
    const emulator = await start({
      seed: {
        ...seed,
        searchContexts: [
          {
            name: "all",
            public: true,
            repositories: [
              { repository: 101, revisions: ["HEAD"] },
              { repository: 102, revisions: ["HEAD"] },
              { repository: 103, revisions: ["HEAD"] },
            ],
          },
        ],
      },
    });
    const names = async (as: "anonymous" | { token: string }) =>
      (await graphqlData(emulator, BY_SPEC, { spec: "all" }, { as })).searchContextBySpec.repositories.map(
        (entry: { repository: { name: string } }) => entry.repository.name,
      );
    expect(await names({ token: "admin" })).toEqual([
      "github.com/acme/api",
      "github.com/acme/web",
      "github.com/acme/docs",
    ]);
    expect(await names({ token: "alice" })).toEqual(["github.com/acme/api", "github.com/acme/docs"]);
    expect(await names("anonymous")).toEqual(["github.com/acme/docs"]);
  });
});

describe("Query.searchContexts", () => {
  const listSeed: EmulatorSeed = {
    ...seed,
    searchContexts: [
      { name: "zeta", public: true, updatedAt: "2026-01-01T00:00:00Z" },
      { name: "alpha", namespace: "alice", public: true, updatedAt: "2026-01-03T00:00:00Z" },
      { name: "beta", namespace: "acme", public: true, updatedAt: "2026-01-02T00:00:00Z" },
      { name: "gamma", namespace: "alice", public: false, updatedAt: "2026-01-05T00:00:00Z" },
      { name: "Delta", public: true, updatedAt: "2026-01-04T00:00:00Z" },
    ],
  };
  const LIST = `query List($first: Int, $after: String, $query: String, $namespaces: [ID], $orderBy: SearchContextsOrderBy, $descending: Boolean) {
    searchContexts(first: $first, after: $after, query: $query, namespaces: $namespaces, orderBy: $orderBy, descending: $descending) {
      nodes { spec } totalCount pageInfo { hasNextPage endCursor } } }`;
  const specs = async (variables: Record<string, unknown>, token = "alice") =>
    (
      await graphqlData(await start({ seed: listSeed }), LIST, variables, { as: { token } })
    ).searchContexts.nodes.map((node: { spec: string }) => node.spec);

  it("GQL-13, GQL-15: lists what the viewer may read, by spec by default", async () => {
    expect(await specs({})).toEqual([
      "global",
      "@acme/beta",
      "@alice/alpha",
      "@alice/gamma",
      "Delta",
      "zeta",
    ]);
    expect(await specs({}, "bob")).toEqual(["global", "@acme/beta", "@alice/alpha", "Delta", "zeta"]);
  });

  it("GQL-15: orders by update time, ascending or descending", async () => {
    expect(await specs({ orderBy: "SEARCH_CONTEXT_UPDATED_AT" })).toEqual([
      "global",
      "zeta",
      "@acme/beta",
      "@alice/alpha",
      "Delta",
      "@alice/gamma",
    ]);
    expect(await specs({ orderBy: "SEARCH_CONTEXT_UPDATED_AT", descending: true })).toEqual([
      "global",
      "@alice/gamma",
      "Delta",
      "@alice/alpha",
      "@acme/beta",
      "zeta",
    ]);
    expect(await specs({ descending: true })).toEqual([
      "global",
      "zeta",
      "Delta",
      "@alice/gamma",
      "@alice/alpha",
      "@acme/beta",
    ]);
  });

  it("filters by a case-insensitive substring of the spec", async () => {
    expect(await specs({ query: "ALICE" })).toEqual(["@alice/alpha", "@alice/gamma"]);
    expect(await specs({ query: "ta" })).toEqual(["@acme/beta", "Delta", "zeta"]);
  });

  it("GQL-13, GQL-15: filters by namespaces, null selecting the global one", async () => {
    expect(await specs({ namespaces: [ALICE] })).toEqual(["@alice/alpha", "@alice/gamma"]);
    expect(await specs({ namespaces: [null] })).toEqual(["global", "Delta", "zeta"]);
    expect(await specs({ namespaces: [ACME, null] })).toEqual(["global", "@acme/beta", "Delta", "zeta"]);
    expect(await specs({ namespaces: [] })).toHaveLength(6);
  });

  it("GQL-15: pages with opaque cursors that survive changes between pages", async () => {
    const emulator = await start({ seed: listSeed });
    const page = async (after: string | null, orderBy = "SEARCH_CONTEXT_SPEC") =>
      (await graphqlData(emulator, LIST, { first: 2, after, orderBy }, { as: { token: "alice" } }))
        .searchContexts;
    const first = await page(null);
    expect(first).toEqual({
      nodes: [{ spec: "global" }, { spec: "@acme/beta" }],
      totalCount: 6,
      pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
    });
    // A context sorting before the cursor is created, and one after it deleted, between pages.
    emulator.state.searchContexts.add({
      name: "aaa",
      description: "",
      public: true,
      namespace: null,
      query: "",
      repositories: [],
    });
    const delta = emulator.state.searchContextBySpec("Delta");
    if (delta) emulator.state.searchContexts.delete(delta.id);
    const second = await page(first.pageInfo.endCursor);
    expect(second.nodes).toEqual([{ spec: "@alice/alpha" }, { spec: "@alice/gamma" }]);
    const third = await page(second.pageInfo.endCursor);
    expect(third).toEqual({
      nodes: [{ spec: "aaa" }, { spec: "zeta" }],
      totalCount: 6,
      pageInfo: { hasNextPage: false, endCursor: null },
    });

    const other = await callGraphQL(emulator, LIST, {
      first: 2,
      after: first.pageInfo.endCursor,
      orderBy: "SEARCH_CONTEXT_UPDATED_AT",
    });
    expect(other.body?.errors).toEqual([
      {
        message:
          "after: the cursor was made for another orderBy or descending; pass the arguments of the first page",
        locations: expect.any(Array),
        path: ["searchContexts"],
      },
    ]);
    expect(errorMessages(await callGraphQL(emulator, LIST, { after: "garbage" }))).toEqual([
      'after: "garbage" is not a cursor of searchContexts',
    ]);
  });

  it("returns 50 contexts per page by default", async () => {
    const many: EmulatorSeed = {
      ...seed,
      searchContexts: Array.from({ length: 60 }, (_, i) => ({
        name: `c${String(i).padStart(2, "0")}`,
        public: true,
      })),
    };
    const emulator = await start({ seed: many });
    const data = await graphqlData(
      emulator,
      "{ searchContexts { nodes { spec } totalCount pageInfo { hasNextPage } } }",
      {},
      { as: "anonymous" },
    );
    expect([
      data.searchContexts.nodes.length,
      data.searchContexts.totalCount,
      data.searchContexts.pageInfo.hasNextPage,
    ]).toEqual([50, 61, true]);
  });

  it("refuses a namespace ID of another kind", async () => {
    const emulator = await start({ seed: listSeed });
    expect(errorMessages(await callGraphQL(emulator, LIST, { namespaces: [repoId(101)] }))).toEqual([
      `namespaces[0]: "${repoId(101)}" is a Repository ID, not a User or Org ID`,
    ]);
  });
});

// The documented rules, as a table: public/private × user/org/global namespace × anonymous, owner, org member,
// other user, site admin; for reading, for writing an existing context, and for creating one.
//
// Read: public contexts by everyone (anonymous included); a private user context by that user only, a private org
// context by the org's members only, a private global context by site admins only: a site admin does not read
// alice's or a foreign org's private context (public source, newest internal/database/search_contexts.go,
// `searchContextsPermissionsCondition`: the check is bypassed for internal actors only).
// Write: site admins on all public and all global contexts; a user on its own and its orgs' contexts (what a site
// admin cannot read it cannot change either: the update or delete finds no such context).
const rightsSeed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 2, username: "alice" },
    { id: 3, username: "bob" },
    { id: 4, username: "carol" },
  ],
  orgs: [{ id: 7, name: "acme", members: ["alice", "bob"] }],
  repositories: [{ id: 101, name: "github.com/acme/docs", unrestricted: true }],
  tokens: ["admin", "alice", "bob", "carol"].map((name) => ({ name, user: name, scopes: ["user:all"] })),
  searchContexts: [
    { name: "pub", namespace: "alice", public: true },
    { name: "priv", namespace: "alice", public: false },
    { name: "pub", namespace: "acme", public: true },
    { name: "priv", namespace: "acme", public: false },
    { name: "pub", public: true },
    { name: "priv", public: false },
  ],
};

type Viewer = "anonymous" | "owner" | "member" | "other" | "admin";
// Sourcegraph's messages for a refused write (ValidateSearchContextWriteAccessForCurrentUser).
const WRITE_RULES =
  /^(current user must be site-admin|search context user does not match current user|current user is not an org member)$/;
const as: Record<Viewer, As> = {
  anonymous: "anonymous",
  owner: { token: "alice" }, // owns @alice/*, and is a member of acme
  member: { token: "bob" }, // a member of acme, not alice
  other: { token: "carol" }, // neither
  admin: { token: "admin" }, // a site admin, neither alice nor a member of acme
};
const namespaceIds = { user: encodeNodeId("User", 2), org: encodeNodeId("Org", 7), global: null };
const specOf = (namespace: keyof typeof namespaceIds, visibility: "public" | "private") =>
  `${namespace === "user" ? "@alice/" : namespace === "org" ? "@acme/" : ""}${visibility === "public" ? "pub" : "priv"}`;

// [namespace, visibility, viewer, can read, can write (update, delete, viewerCanManage), can create]
const matrix: Array<[keyof typeof namespaceIds, "public" | "private", Viewer, boolean, boolean]> = [
  ["user", "public", "anonymous", true, false],
  ["user", "public", "owner", true, true],
  ["user", "public", "member", true, false],
  ["user", "public", "other", true, false],
  ["user", "public", "admin", true, true],
  ["user", "private", "anonymous", false, false],
  ["user", "private", "owner", true, true],
  ["user", "private", "member", false, false],
  ["user", "private", "other", false, false],
  ["user", "private", "admin", false, false],
  ["org", "public", "anonymous", true, false],
  ["org", "public", "owner", true, true],
  ["org", "public", "member", true, true],
  ["org", "public", "other", true, false],
  ["org", "public", "admin", true, true],
  ["org", "private", "anonymous", false, false],
  ["org", "private", "owner", true, true],
  ["org", "private", "member", true, true],
  ["org", "private", "other", false, false],
  ["org", "private", "admin", false, false],
  ["global", "public", "anonymous", true, false],
  ["global", "public", "owner", true, false],
  ["global", "public", "member", true, false],
  ["global", "public", "other", true, false],
  ["global", "public", "admin", true, true],
  ["global", "private", "anonymous", false, false],
  ["global", "private", "owner", false, false],
  ["global", "private", "member", false, false],
  ["global", "private", "other", false, false],
  ["global", "private", "admin", true, true],
];

describe("search context visibility and write rights", () => {
  it.each(matrix)(
    "GQL-12: %s namespace, %s context, %s: read %s, write %s",
    async (namespace, visibility, viewer, read, write) => {
      const emulator = await start({ seed: rightsSeed });
      const spec = specOf(namespace, visibility);
      const id = encodeNodeId("SearchContext", spec);

      // Read: by spec, by node ID, and in the listing.
      const bySpec = await callGraphQL(
        emulator,
        "query S($spec: String!) { searchContextBySpec(spec: $spec) { spec viewerCanManage } }",
        { spec },
        { as: as[viewer] },
      );
      if (read) {
        expect(bySpec.body?.data).toEqual({ searchContextBySpec: { spec, viewerCanManage: write } });
      } else {
        expect(bySpec.body?.data).toEqual({ searchContextBySpec: null });
        expect(bySpec.body?.errors?.[0]).toMatchObject({
          message: "search context not found",
          path: ["searchContextBySpec"],
        });
        expect(bySpec.body?.errors?.[0]).not.toHaveProperty("extensions");
      }
      const byNode = await callGraphQL(
        emulator,
        "query N($id: ID!) { node(id: $id) { id } }",
        { id },
        { as: as[viewer] },
      );
      expect(byNode.body?.data).toEqual({ node: read ? { id } : null });
      // Not a bare null: the node resolver answers the error of the spec's resolution.
      expect(byNode.body?.errors).toEqual(
        read ? undefined : [expect.objectContaining({ message: "search context not found", path: ["node"] })],
      );
      const listed = await callGraphQL(
        emulator,
        "{ searchContexts { nodes { spec } } }",
        {},
        { as: as[viewer] },
      );
      const connection = listed.body?.data?.searchContexts as { nodes: Array<{ spec: string }> } | undefined;
      expect(connection).toBeDefined();
      const specs = (connection?.nodes ?? []).map((n) => n.spec);
      expect(specs.includes(spec)).toBe(read);

      // Write: an update that keeps every field, then a delete.
      const update = await callGraphQL(
        emulator,
        `mutation U($id: ID!, $public: Boolean!) {
        updateSearchContext(id: $id, searchContext: { name: "${spec.split("/").at(-1)}", description: "", public: $public, query: "" }, repositories: []) { spec }
      }`,
        { id, public: visibility === "public" },
        { as: as[viewer] },
      );
      const refused =
        viewer === "anonymous"
          ? "not authenticated"
          : read
            ? expect.stringMatching(WRITE_RULES)
            : "search context not found";
      expect(errorMessages(update)).toEqual(write ? [] : [refused]);
      const remove = await callGraphQL(
        emulator,
        "mutation D($id: ID!) { deleteSearchContext(id: $id) { alwaysNil } }",
        { id },
        { as: as[viewer] },
      );
      expect(errorMessages(remove)).toEqual(write ? [] : [refused]);
      expect(emulator.state.searchContextBySpec(spec) === undefined).toBe(write);
    },
  );

  it.each(matrix)(
    "%s namespace, %s context, %s: may create one: %s/%s",
    async (namespace, visibility, viewer, _read, write) => {
      const emulator = await start({ seed: rightsSeed });
      const answer = await callGraphQL(
        emulator,
        `mutation C($namespace: ID, $public: Boolean!) {
        createSearchContext(searchContext: { name: "new", description: "", public: $public, namespace: $namespace, query: "" }, repositories: []) { spec }
      }`,
        { namespace: namespaceIds[namespace], public: visibility === "public" },
        { as: as[viewer] },
      );
      if (write) {
        expect(answer.body?.data).toEqual({
          createSearchContext: { spec: specOf(namespace, "public").replace("pub", "new") },
        });
      } else {
        expect(errorMessages(answer)).toEqual([
          viewer === "anonymous" ? "not authenticated" : expect.stringMatching(WRITE_RULES),
        ]);
      }
    },
  );

  it("names the rule a refused write broke", async () => {
    const emulator = await start({ seed: rightsSeed });
    const create = (namespace: string | null, token: string) =>
      callGraphQL(
        emulator,
        `mutation C($namespace: ID) { createSearchContext(searchContext: { name: "x", description: "", public: false, namespace: $namespace, query: "" }, repositories: []) { id } }`,
        { namespace },
        { as: { token } },
      );
    const messages = [
      await create(null, "alice"),
      await create(namespaceIds.user, "bob"),
      await create(namespaceIds.org, "carol"),
    ].map((answer) => answer.body?.errors?.[0]?.message);
    expect(messages).toEqual([
      "current user must be site-admin",
      "search context user does not match current user",
      "current user is not an org member",
    ]);
  });

  it("refuses a site admin who would make another user's public context private (admins write public ones)", async () => {
    const emulator = await start({ seed: rightsSeed });
    const answer = await callGraphQL(
      emulator,
      `mutation U($id: ID!) { updateSearchContext(id: $id, searchContext: { name: "pub", description: "", public: false, query: "" }, repositories: []) { id } }`,
      { id: encodeNodeId("SearchContext", "@alice/pub") },
    );
    expect(errorMessages(answer)).toEqual(["search context user does not match current user"]);
    expect(emulator.state.searchContextBySpec("@alice/pub")?.public).toBe(true);
  });
});

// Sourcegraph's answers when a spec resolves to nothing (public source, sourcegraph/sourcegraph-public-snapshot:
// internal/search/searchcontexts/search_contexts.go `ResolveSearchContextSpec`, internal/database/errors.go
// `resourceNotFoundError`, internal/database/namespaces.go `ErrNamespaceNotFound`; the resolvers in
// cmd/frontend/internal/searchcontexts/resolvers/resolvers.go return the error, so graphql-go answers the field
// null with `{message, path}`).
describe("search contexts that resolve to nothing", () => {
  const notFoundSeed: EmulatorSeed = {
    ...seed,
    searchContexts: [{ name: "diary", namespace: "bob", public: false }],
  };
  const BY_ID = "query N($id: ID!) { node(id: $id) { ... on SearchContext { spec } } }";

  it.each([
    ["a missing context of a user", "@alice/none", "search context not found"],
    ["another user's private context", "@bob/diary", "search context not found"],
    ["a missing global context", "nope", "search context not found"],
    ["an unknown namespace", "@nobody/ctx", "get namespace by name: namespace not found"],
    ["a namespace without a context name", "@alice", 'search context "@alice" not found'],
    ["a namespace and an empty context name", "@acme/", 'search context "@acme/" not found'],
  ])("GQL-12: %s (%s): by spec and by node ID, null with the error %j", async (_, spec, message) => {
    const emulator = await start({ seed: notFoundSeed });
    const as = { as: { token: "alice" } } as const;
    const bySpec = await callGraphQL(
      emulator,
      "query S($spec: String!) { searchContextBySpec(spec: $spec) { spec } }",
      { spec },
      as,
    );
    expect(bySpec.body?.data).toEqual({ searchContextBySpec: null });
    expect(bySpec.body?.errors).toEqual([
      expect.objectContaining({ message, path: ["searchContextBySpec"] }),
    ]);
    expect(bySpec.body?.errors?.[0]).not.toHaveProperty("extensions");
    const byId = await callGraphQL(emulator, BY_ID, { id: contextId(spec) }, as);
    expect(byId.body?.data).toEqual({ node: null });
    expect(byId.body?.errors).toEqual([expect.objectContaining({ message, path: ["node"] })]);
    expect(byId.body?.errors?.[0]).not.toHaveProperty("extensions");
    // Update and delete resolve the ID the same way, and say the same.
    const update = await callGraphQL(
      emulator,
      UPDATE,
      {
        id: contextId(spec),
        searchContext: { name: "x", description: "", public: true, query: "" },
        repositories: [],
      },
      as,
    );
    const remove = await callGraphQL(emulator, DELETE, { id: contextId(spec) }, as);
    expect([errorMessages(update), errorMessages(remove)]).toEqual([[message], [message]]);
    expect(emulator.state.searchContexts.size).toBe(1);
  });

  it("GQL-12: the node ID of a context that does not exist answers as Sourcegraph's, in a batch beside data that resolves", async () => {
    const emulator = await start({ seed: notFoundSeed });
    const answer = await callGraphQL(
      emulator,
      "query N($gone: ID!, $repo: ID!) { gone: node(id: $gone) { id } repo: node(id: $repo) { id } }",
      { gone: contextId("@alice/gone"), repo: repoId(103) },
      { as: { token: "alice" } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body?.data).toEqual({ gone: null, repo: { id: repoId(103) } });
    expect(answer.body?.errors).toEqual([
      expect.objectContaining({ message: "search context not found", path: ["gone"] }),
    ]);
  });

  it("GQL-12: a SearchContext node ID whose key is not a string: Go's json error; a null key is the empty spec, global", async () => {
    const emulator = await start({ seed: notFoundSeed });
    const numeric = await callGraphQL(emulator, BY_ID, { id: encodeNodeId("SearchContext", 5) });
    expect(numeric.body?.data).toEqual({ node: null });
    expect(errorMessages(numeric)).toEqual(["json: cannot unmarshal number into Go value of type string"]);
    const nullKey = Buffer.from("SearchContext:null").toString("base64url");
    const global = await callGraphQL(emulator, BY_ID, {
      id: `${nullKey}${"=".repeat((4 - (nullKey.length % 4)) % 4)}`,
    });
    expect(global.body).toEqual({ data: { node: { spec: "global" } } });
  });
});
