import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { callGraphQL, errorMessages, graphqlData } from "./support/call-graphql.js";
import { useEmulator } from "./support/use-emulator.js";

// Behaviours of the conformance table (README, "Conformance") that were checked against Sourcegraph's public source
// after the rest: the auto-defined global search context, a personal access token sent as Bearer, and the
// streaming search details. Each test names its row.
const start = useEmulator();

interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/** The events of a search, as `event`/`data` pairs; `authorization` defaults to the admin token. */
async function search(emulator: Emulator, params: Record<string, string>, authorization?: string) {
  const response = await fetch(`${emulator.url}/.api/search/stream?${new URLSearchParams(params)}`, {
    headers: { Authorization: authorization ?? `token ${emulator.token("admin")}` },
  });
  expect(response.status).toBe(200);
  const events: StreamEvent[] = (await response.text())
    .split("\n\n")
    .filter((chunk) => chunk !== "")
    .map((chunk) => {
      const [eventLine = "", dataLine = ""] = chunk.split("\n");
      return { event: eventLine.slice("event: ".length), data: JSON.parse(dataLine.slice("data: ".length)) };
    });
  const matches = events
    .filter((e) => e.event === "matches")
    .flatMap((e) => e.data as Array<Record<string, unknown>>);
  const progress = events.filter((e) => e.event === "progress").at(-1)?.data as Record<string, unknown>;
  return { events, matches, progress };
}

const CONTEXT_FIELDS =
  "id name spec autoDefined public description query updatedAt viewerCanManage namespace { id } repositories { revisions }";

describe("the auto-defined global search context", () => {
  it('GQL-13: is found by searchContextBySpec(spec: "global") and by its node ID, as Sourcegraph makes it up', async () => {
    const emulator = await start();
    const global = {
      id: encodeNodeId("SearchContext", "global"),
      name: "global",
      spec: "global",
      autoDefined: true,
      public: true,
      description: "All repositories on Sourcegraph",
      query: "",
      updatedAt: "1970-01-01T00:00:00Z",
      viewerCanManage: false,
      namespace: null,
      repositories: [],
    };
    // Site admins cannot manage it either; anonymous visitors read it, as every public context.
    for (const as of [{ token: "admin" }, { token: "userAll" }, "anonymous"] as const) {
      const data = await graphqlData(
        emulator,
        `query ($spec: String!, $id: ID!) { bySpec: searchContextBySpec(spec: $spec) { ${CONTEXT_FIELDS} }
           byId: node(id: $id) { ... on SearchContext { spec } } }`,
        { spec: "global", id: global.id },
        { as },
      );
      expect(data).toEqual({ bySpec: global, byId: { spec: "global" } });
    }
  });

  it("GQL-13: is listed first whatever the order, and counted", async () => {
    const emulator = await start();
    // As alice, who reads every context of the seed (hers, acme's as a member, the public one); a site admin
    // would not read the private ones (GQL-12).
    const list = async (variables: Record<string, unknown>) =>
      (
        await graphqlData(
          emulator,
          `query ($orderBy: SearchContextsOrderBy, $descending: Boolean, $namespaces: [ID]) {
             searchContexts(orderBy: $orderBy, descending: $descending, namespaces: $namespaces) { nodes { spec } totalCount } }`,
          variables,
          { as: { token: "userAll" } },
        )
      ).searchContexts;
    expect(await list({})).toEqual({
      nodes: [{ spec: "global" }, { spec: "@acme/platform" }, { spec: "@alice/frontend" }, { spec: "acme" }],
      totalCount: 4,
    });
    expect((await list({ descending: true })).nodes[0]).toEqual({ spec: "global" });
    expect((await list({ orderBy: "SEARCH_CONTEXT_UPDATED_AT", descending: true })).nodes[0]).toEqual({
      spec: "global",
    });
    // A user's namespace holds no auto-defined context.
    const alice = encodeNodeId("User", 2);
    expect(await list({ namespaces: [alice] })).toEqual({
      nodes: [{ spec: "@alice/frontend" }],
      totalCount: 1,
    });
  });

  it("GQL-13: cannot be updated or deleted, with Sourcegraph's words", async () => {
    const emulator = await start();
    const id = encodeNodeId("SearchContext", "global");
    const update = await callGraphQL(
      emulator,
      `mutation ($id: ID!) { updateSearchContext(id: $id, searchContext: { name: "everything", description: "", public: true, query: "" }, repositories: []) { id } }`,
      { id },
    );
    expect(errorMessages(update)).toEqual(["cannot update global search context"]);
    const remove = await callGraphQL(
      emulator,
      "mutation ($id: ID!) { deleteSearchContext(id: $id) { alwaysNil } }",
      {
        id,
      },
    );
    expect(errorMessages(remove)).toEqual(["cannot delete auto-defined search context"]);
  });
});

describe("a personal access token sent as Bearer to GraphQL and streaming search", () => {
  it("AUTH-6: is ignored, so the request is anonymous (a PAT goes as `token <t>` there)", async () => {
    const emulator = await start();
    const bearer = `Bearer ${emulator.token("admin")}`;
    expect(
      await graphqlData(
        emulator,
        "{ currentUser { username } }",
        {},
        { as: { headers: { Authorization: bearer } } },
      ),
    ).toEqual({
      currentUser: null,
    });
    // An anonymous search sees the unrestricted repository only; the same token as `token` sees everything.
    const anonymous = await search(emulator, { q: "#" }, bearer);
    expect(new Set(anonymous.matches.map((match) => match.repository))).toEqual(
      new Set(["github.com/acme/docs"]),
    );
    const signedIn = await search(emulator, { q: "#" });
    expect(signedIn.matches.map((match) => match.repository)).toContain("github.com/acme/secrets");
  });

  it('AUTH-6: an OAuth token (seed kind "oauth") is read from Bearer', async () => {
    const emulator = await start({
      seed: {
        users: [{ id: 1, username: "alice" }],
        tokens: [{ name: "oauth", user: "alice", scopes: ["user:all"], kind: "oauth" }],
      },
    });
    const headers = { Authorization: `Bearer ${emulator.token("oauth")}` };
    expect(await graphqlData(emulator, "{ currentUser { username } }", {}, { as: { headers } })).toEqual({
      currentUser: { username: "alice" },
    });
  });
});

describe("streaming search details", () => {
  it("SEARCH-7: says a display limit was hit in Sourcegraph's words, without a suggestion", async () => {
    const emulator = await start();
    for (const [display, noun] of [
      ["1", "result"],
      ["2", "results"],
    ] as const) {
      const { matches, progress } = await search(emulator, { q: "#", display });
      expect(matches).toHaveLength(Number(display));
      expect(progress.skipped).toEqual([
        {
          reason: "display",
          title: "display limit hit",
          message: `We only display ${display} ${noun} even if your search returned more results. To see all results, use our CLI.`,
          severity: "info",
        },
      ]);
    }
  });

  it("SEARCH-9: reads a query without t or patterntype: as standard (V3), so a lone /.../ is a regular expression", async () => {
    const emulator = await start();
    const paths = async (params: Record<string, string>) =>
      (await search(emulator, params)).matches.map((match) => `${match.repository}:${match.path}`);
    expect(await paths({ q: "/Print(ln|f)/" })).toEqual(["github.com/acme/api:cmd/server/main.go"]);
    expect(await paths({ q: "/Print(ln|f)/", t: "literal" })).toEqual([]);
  });

  it("SEARCH-11: links a symbol to the revision searched, and to no revision on the default branch", async () => {
    const emulator = await start();
    const urls = async (q: string) =>
      (await search(emulator, { q })).matches.flatMap((match) =>
        (match.symbols as Array<{ url: string }>).map((symbol) => symbol.url),
      );
    expect(await urls("repo:^github\\.com/acme/web$ type:symbol greet")).toEqual([
      "/github.com/acme/web/-/blob/src/index.ts?L1:17-1:22",
    ]);
    expect(await urls("repo:^github\\.com/acme/web$@v1.0:main type:symbol greet")).toEqual([
      "/github.com/acme/web@v1.0/-/blob/src/index.ts?L1:17-1:22",
      "/github.com/acme/web@main/-/blob/src/index.ts?L1:17-1:22",
    ]);
  });

  it("SEARCH-12: names a repository filter as Go's QuoteMeta does, with the revision searched, higher counts first", async () => {
    const emulator = await start();
    const { events } = await search(emulator, { q: "repo:^github\\.com/acme/(api|web)$@main:v1 type:path" });
    const filters = events.find((e) => e.event === "filters")?.data as Array<{
      value: string;
      count: number;
    }>;
    expect(filters.filter((filter) => filter.value.startsWith("repo:"))).toEqual([
      expect.objectContaining({ value: "repo:^github\\.com/acme/api$@main", count: 3 }),
      expect.objectContaining({ value: "repo:^github\\.com/acme/api$@v1", count: 3 }),
      expect.objectContaining({ value: "repo:^github\\.com/acme/web$@main", count: 2 }),
      expect.objectContaining({ value: "repo:^github\\.com/acme/web$@v1", count: 2 }),
    ]);
  });

  it("SEARCH-13: takes the whole value of -repo: as a regular expression (no revisions on an excluded repository)", async () => {
    const emulator = await start();
    const repositories = async (q: string) =>
      new Set((await search(emulator, { q })).matches.map((match) => match.repository));
    // `web@main` names no repository, so nothing is excluded.
    expect(await repositories("-repo:acme/web@main greet")).toEqual(new Set(["github.com/acme/web"]));
    expect(await repositories("-repo:acme/web greet")).toEqual(new Set());
  });
});
