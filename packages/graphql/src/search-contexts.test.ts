import { describe, expect, it } from "vitest";
import { data, ORIGIN, seen, serve, TOKEN, useGraphQLNock } from "../test/support/graphql-nock.js";
import { createGraphQLClient } from "./client.js";
import { GraphQLResponseError, InvalidArgumentError, InvalidNodeIdError } from "./errors.js";
import { encodeNodeId } from "./node-ids.js";
import {
  createSearchContext,
  deleteSearchContext,
  type SearchContext,
  searchContextById,
  searchContextBySpec,
  searchContexts,
  toSearchContextEdit,
  updateSearchContext,
} from "./search-contexts.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, internal: { sleep: async () => {} } });
const ALICE = encodeNodeId("User", 456);
const REPO = encodeNodeId("Repository", 123);
const CTX = encodeNodeId("SearchContext", "@alice/ctx");

function context(spec: string, overrides: Partial<SearchContext> = {}): SearchContext {
  const [, owner, name] = /^(?:@([^/]+)\/)?(.+)$/.exec(spec) ?? [];
  return {
    id: encodeNodeId("SearchContext", spec),
    name: name ?? spec,
    spec,
    description: "",
    public: false,
    autoDefined: false,
    query: "",
    updatedAt: "2024-05-01T12:00:00Z",
    viewerCanManage: true,
    namespace: owner ? { __typename: "User", id: ALICE, namespaceName: owner } : null,
    repositories: [{ repository: { id: REPO, name: "github.com/acme/api" }, revisions: ["main", "v1"] }],
    ...overrides,
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("createSearchContext", () => {
  it("sends the documented variables and returns the new context", async () => {
    const created = context("@alice/MySearchContext", { public: true, description: "A description" });
    serve(data({ createSearchContext: created }));
    const result = await createSearchContext(client, {
      name: "MySearchContext",
      description: "A description",
      public: true,
      namespace: ALICE,
      repositories: [{ repositoryID: REPO, revisions: ["main", "v1"] }],
    });
    expect(result).toEqual(created);
    expect(seen[0]?.body.operationName).toBe("CreateSearchContext");
    expect(seen[0]?.body.variables).toEqual({
      searchContext: {
        name: "MySearchContext",
        description: "A description",
        public: true,
        namespace: ALICE,
        query: "",
      },
      repositories: [{ repositoryID: REPO, revisions: ["main", "v1"] }],
    });
  });

  it('sends an absent or null query as "" (current servers require the field)', async () => {
    serve(data({ createSearchContext: context("a") }), data({ createSearchContext: context("b") }));
    await createSearchContext(client, { name: "a" });
    await createSearchContext(client, { name: "b", query: null });
    expect(seen.map((s) => (s.body.variables.searchContext as { query: unknown }).query)).toEqual(["", ""]);
  });

  it("refuses a query together with repositories before sending (the server refuses both)", async () => {
    await expect(
      createSearchContext(client, {
        name: "x",
        query: "repo:a",
        repositories: [{ repositoryID: REPO, revisions: ["main"] }],
      }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(
      updateSearchContext(client, CTX, {
        name: "x",
        description: "",
        public: false,
        query: "repo:a",
        repositories: [{ repositoryID: REPO, revisions: ["main"] }],
      }),
    ).rejects.toThrow(/a query or by repositories, not both/);
    expect(seen).toHaveLength(0);
  });

  it("creates a private global context by default, with a query when given", async () => {
    serve(data({ createSearchContext: context("team", { query: "repo:^github\\.com/acme/" }) }));
    await createSearchContext(client, { name: "team", query: "repo:^github\\.com/acme/" });
    expect(seen[0]?.body.variables).toEqual({
      searchContext: {
        name: "team",
        description: "",
        public: false,
        namespace: null,
        query: "repo:^github\\.com/acme/",
      },
      repositories: [],
    });
  });

  it("refuses repositories without revisions or listed twice", async () => {
    await expect(
      createSearchContext(client, { name: "x", repositories: [{ repositoryID: REPO, revisions: [] }] }),
    ).rejects.toThrow(/repositories\[0\]\.revisions must list at least one/);
    await expect(
      createSearchContext(client, {
        name: "x",
        repositories: [
          { repositoryID: REPO, revisions: ["a"] },
          { repositoryID: REPO, revisions: ["b"] },
        ],
      }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(seen).toHaveLength(0);
  });

  it("is not retried on 503", async () => {
    serve([503, ""]);
    await expect(createSearchContext(client, { name: "x" })).rejects.toThrow(/503/);
    expect(seen).toHaveLength(1);
  });
});

describe("searchContextById and searchContextBySpec", () => {
  it("reads a context through node(id)", async () => {
    const found = context("@alice/ctx");
    serve(data({ node: { __typename: "SearchContext", ...found } }));
    expect(await searchContextById(client, found.id)).toEqual(found);
    expect(seen[0]?.body.variables).toEqual({ id: found.id });
  });

  it("answers null for an unknown ID and refuses another kind of node", async () => {
    serve(data({ node: null }));
    expect(await searchContextById(client, CTX)).toBeNull();
    serve(data({ node: { __typename: "Repository" } }));
    await expect(searchContextById(client, CTX)).rejects.toThrow(
      `${CTX} is the ID of a Repository, not of a SearchContext.`,
    );
    // A repository's ID is refused before anything is sent.
    const sent = seen.length;
    await expect(searchContextById(client, REPO)).rejects.toBeInstanceOf(InvalidNodeIdError);
    expect(seen).toHaveLength(sent);
  });

  it("reads a context by spec", async () => {
    const found = context("@alice/ctx");
    serve(data({ searchContextBySpec: found }));
    expect(await searchContextBySpec(client, "@alice/ctx")).toEqual(found);
    expect(seen[0]?.body.variables).toEqual({ spec: "@alice/ctx" });
  });

  // Sourcegraph's answer, byte for byte as graphql-go v1.5.0 writes it (graphql.go `Response`: `errors` before
  // `data`; internal/exec/exec.go: a resolver error is `{message, path}`, no locations, no extensions) for the
  // error of `ResolveSearchContextSpec` (internal/search/searchcontexts/search_contexts.go).
  const notFound = (field: string, message = "search context not found") =>
    `{"errors":[{"message":${JSON.stringify(message)},"path":["${field}"]}],"data":{"${field}":null}}`;

  it.each([
    ["a context that does not exist or is not readable", "search context not found"],
    ["an unknown namespace", "get namespace by name: namespace not found"],
    ["a namespace without a context name", 'search context "@alice" not found'],
  ])("answers null for Sourcegraph's not-found answer by spec and by ID: %s", async (_, message) => {
    serve(
      [200, notFound("searchContextBySpec", message), { "Content-Type": "application/json" }],
      [200, notFound("node", message), { "Content-Type": "application/json" }],
    );
    expect(await searchContextBySpec(client, "@alice/none")).toBeNull();
    expect(await searchContextById(client, CTX)).toBeNull();
    expect(seen.map((s) => s.body.operationName)).toEqual(["SearchContextBySpec", "SearchContextById"]);
  });

  it.each([
    [
      "another message at the field",
      { errors: [{ message: "permission denied", path: ["searchContextBySpec"] }] },
    ],
    [
      "the not-found message at another path",
      { errors: [{ message: "search context not found", path: ["searchContextBySpec", "repositories"] }] },
    ],
    ["the not-found message without a path", { errors: [{ message: "search context not found" }] }],
    [
      "the not-found message beside a second error",
      {
        errors: [
          { message: "search context not found", path: ["searchContextBySpec"] },
          { message: "database is down", path: ["searchContextBySpec"] },
        ],
      },
    ],
    [
      "a message that only contains the words",
      { errors: [{ message: "resolving: search context not found, retry", path: ["searchContextBySpec"] }] },
    ],
  ])("throws for any other error: %s", async (_, answer) => {
    serve([200, { ...answer, data: { searchContextBySpec: null } }]);
    await expect(searchContextBySpec(client, "@alice/none")).rejects.toBeInstanceOf(GraphQLResponseError);
    // By ID too, with the errors at `node`.
    const byId = JSON.parse(JSON.stringify(answer).replaceAll('"searchContextBySpec"', '"node"'));
    serve([200, { ...byId, data: { node: null } }]);
    await expect(searchContextById(client, CTX)).rejects.toBeInstanceOf(GraphQLResponseError);
  });

  it("takes the not-found message at the wrong field for an error: by spec at node, by ID at searchContextBySpec", async () => {
    serve([200, notFound("node")]);
    await expect(searchContextBySpec(client, "@alice/none")).rejects.toBeInstanceOf(GraphQLResponseError);
    serve([200, notFound("searchContextBySpec")]);
    await expect(searchContextById(client, CTX)).rejects.toBeInstanceOf(GraphQLResponseError);
  });
});

describe("searchContexts", () => {
  it("pages through every context with the filters and order given, null selecting global contexts", async () => {
    const all = Array.from({ length: 7 }, (_, i) => context(`@alice/c${i}`));
    serve((body) => {
      const first = body.variables.first as number;
      const start = body.variables.after === null ? 0 : Number(body.variables.after);
      const end = Math.min(start + first, all.length);
      return data({
        searchContexts: {
          nodes: all.slice(start, end),
          totalCount: all.length,
          pageInfo: { hasNextPage: end < all.length, endCursor: end < all.length ? String(end) : null },
        },
      });
    });
    const listed = await collect(
      searchContexts(client, {
        query: "c",
        namespaces: [ALICE, null],
        orderBy: "SEARCH_CONTEXT_UPDATED_AT",
        descending: true,
        pageSize: 3,
      }),
    );
    expect(listed.map((c) => c.spec)).toEqual(all.map((c) => c.spec));
    expect(seen.map((s) => s.body.variables)).toEqual(
      [null, "3", "6"].map((after) => ({
        first: 3,
        after,
        query: "c",
        namespaces: [ALICE, null],
        orderBy: "SEARCH_CONTEXT_UPDATED_AT",
        descending: true,
      })),
    );
  });

  it("sends the server's defaults when no option is given", async () => {
    serve(
      data({
        searchContexts: { nodes: [], totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } },
      }),
    );
    expect(await collect(searchContexts(client))).toEqual([]);
    expect(seen[0]?.body.variables).toEqual({
      first: 50,
      after: null,
      namespaces: [],
      orderBy: "SEARCH_CONTEXT_SPEC",
      descending: false,
    });
  });
});

describe("updateSearchContext", () => {
  it("sends the whole context and every repository (full replacement)", async () => {
    const current = context("@alice/ctx", { description: "old", public: true });
    serve(data({ updateSearchContext: { ...current, description: "new" } }));
    const updated = await updateSearchContext(client, current.id, {
      ...toSearchContextEdit(current),
      description: "new",
    });
    expect(updated.description).toBe("new");
    expect(seen[0]?.body.operationName).toBe("UpdateSearchContext");
    expect(seen[0]?.body.variables).toEqual({
      id: current.id,
      searchContext: { name: "ctx", description: "new", public: true, query: "" },
      repositories: [{ repositoryID: REPO, revisions: ["main", "v1"] }],
    });
  });

  it("never sends a namespace, even when the edit object carries one", async () => {
    serve(data({ updateSearchContext: context("@alice/ctx") }));
    const edit = { ...toSearchContextEdit(context("@alice/ctx")), namespace: "other" };
    await updateSearchContext(client, CTX, edit);
    expect(seen[0]?.body.variables.searchContext).not.toHaveProperty("namespace");
  });

  it("keeps a query-defined context's query", () => {
    expect(toSearchContextEdit(context("q", { query: "repo:x", repositories: [] }))).toEqual({
      name: "q",
      description: "",
      public: false,
      query: "repo:x",
      repositories: [],
    });
  });

  it("is not retried on 503", async () => {
    serve([503, ""]);
    await expect(updateSearchContext(client, CTX, toSearchContextEdit(context("x")))).rejects.toThrow(/503/);
    expect(seen).toHaveLength(1);
  });
});

describe("deleteSearchContext", () => {
  it("deletes by ID, without retrying", async () => {
    serve(data({ deleteSearchContext: { alwaysNil: null } }));
    await deleteSearchContext(client, CTX);
    expect(seen[0]?.body).toMatchObject({ operationName: "DeleteSearchContext", variables: { id: CTX } });
    serve([502, ""]);
    await expect(deleteSearchContext(client, CTX)).rejects.toThrow(/502/);
    expect(seen).toHaveLength(2);
  });
});
