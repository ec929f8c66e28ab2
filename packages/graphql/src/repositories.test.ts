import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import {
  data,
  ORIGIN,
  type Reply,
  seen,
  serve,
  TOKEN,
  useGraphQLNock,
} from "../test/support/graphql-nock.js";
import { createGraphQLClient } from "./client.js";
import { GraphQLResponseError, InvalidArgumentError, InvalidNodeIdError } from "./errors.js";
import { decodeNodeId, encodeNodeId } from "./node-ids.js";
import {
  repositories,
  repositoriesByNodeId,
  repositoryIdsByName,
  repositoryIdsByNameQuery,
} from "./repositories.js";
import { loadSchema } from "./schema.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, internal: { sleep: async () => {} } });

/** An instance with repositories 1..count, paged by `first` after the cursor `c<last id>`. */
function instance(count: number) {
  return (body: { variables: Record<string, unknown> }): Reply => {
    const first = body.variables.first as number;
    const after = body.variables.after === null ? 0 : Number(String(body.variables.after).slice(1));
    const ids = Array.from({ length: Math.max(0, Math.min(first, count - after)) }, (_, i) => after + 1 + i);
    const last = ids.at(-1) ?? after;
    return data({
      repositories: {
        nodes: ids.map((id) => ({ id: encodeNodeId("Repository", id), name: `github.com/acme/r${id}` })),
        pageInfo: { hasNextPage: last < count, endCursor: last < count ? `c${last}` : null },
      },
    });
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("repositories", () => {
  it("walks every page, following endCursor, 1000 per page by default", async () => {
    serve(instance(2500));
    const all = await collect(repositories(client));
    expect(all).toHaveLength(2500);
    expect(all[2499]).toEqual({
      id: encodeNodeId("Repository", 2500),
      databaseId: 2500,
      name: "github.com/acme/r2500",
    });
    expect(seen.map((s) => s.body.variables)).toEqual([
      { first: 1000, after: null },
      { first: 1000, after: "c1000" },
      { first: 1000, after: "c2000" },
    ]);
    expect(seen[0]?.body.operationName).toBe("Repositories");
  });

  it("asks for pageSize per page and stops asking when the caller breaks", async () => {
    serve(instance(50));
    const some: number[] = [];
    for await (const repository of repositories(client, { pageSize: 10 })) {
      some.push(repository.databaseId);
      if (some.length === 15) break;
    }
    expect(some).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(seen.map((s) => s.body.variables.first)).toEqual([10, 10]);
  });

  it("sends nothing until iterated, and refuses a bad pageSize at once", () => {
    repositories(client);
    expect(seen).toHaveLength(0);
    for (const pageSize of [0, 1001, 2.5]) {
      expect(() => repositories(client, { pageSize })).toThrow(RangeError);
    }
  });

  it("refuses a server that claims a next page without a new cursor, and passes errors on", async () => {
    serve(
      data({
        repositories: { nodes: [], pageInfo: { hasNextPage: true, endCursor: null } },
      }),
    );
    await expect(collect(repositories(client))).rejects.toThrow(/gave no cursor/);
    serve([200, { data: null, errors: [{ message: "boom" }] }]);
    await expect(collect(repositories(client))).rejects.toThrow(GraphQLResponseError);
  });
});

/** Repositories exist (and are visible) for even ids, named `github.com/acme/r<id>`. */
function answerRepositories(body: { variables: Record<string, unknown> }): Reply {
  const answer: Record<string, unknown> = {};
  for (const [variable, id] of Object.entries(body.variables)) {
    const n = decodeNodeId(String(id)).key as number;
    answer[`r${variable.slice(1)}`] =
      n % 2 === 0 ? { __typename: "Repository", id, name: `github.com/acme/r${n}` } : null;
  }
  return data(answer);
}

describe("repositoriesByNodeId", () => {
  it("looks 250 IDs up in 3 aliased requests: { id, databaseId, name } or null", async () => {
    serve(answerRepositories);
    const ids = Array.from({ length: 250 }, (_, i) => encodeNodeId("Repository", 1 + i));
    const repositories = await repositoriesByNodeId(client, ids);
    expect(seen.map((s) => Object.keys(s.body.variables).length)).toEqual([100, 100, 50]);
    expect(seen[0]?.body.operationName).toBe("RepositoriesByNodeId");
    expect(seen[0]?.body.query).toContain("r0: node(id: $n0) {\n    __typename\n    ... on Repository {");
    expect(validate(loadSchema(), parse(seen[0]?.body.query ?? ""))).toEqual([]);
    expect([...repositories.keys()]).toEqual(ids);
    expect(repositories.get(encodeNodeId("Repository", 2))).toEqual({
      id: encodeNodeId("Repository", 2),
      databaseId: 2,
      name: "github.com/acme/r2",
    });
    expect(repositories.get(encodeNodeId("Repository", 3))).toBeNull();
  });

  it("sends a repeated ID once and honours chunkSize", async () => {
    serve(answerRepositories);
    const a = encodeNodeId("Repository", 2);
    const b = encodeNodeId("Repository", 4);
    const repositories = await repositoriesByNodeId(client, [a, b, a], { chunkSize: 1 });
    expect(seen.map((s) => s.body.variables)).toEqual([{ n0: a }, { n0: b }]);
    expect(repositories.size).toBe(2);
  });

  it.each([
    ["", /^ids\[2\]: "" is not a Sourcegraph node ID: it is empty/],
    ["UmVwb3NpdG9yeToxMjM", /^ids\[2\]: "UmVwb3NpdG9yeToxMjM" is not a Sourcegraph node ID/],
    [encodeNodeId("User", 1), /^ids\[2\]: "VXNlcjox" is a User ID, not a Repository ID\.$/],
  ])("refuses %j before sending, naming it and its index", async (bad, message) => {
    const ids = [encodeNodeId("Repository", 2), encodeNodeId("Repository", 2), bad];
    const error = await repositoriesByNodeId(client, ids).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect((error as Error).message).toMatch(message);
    expect((error as InvalidNodeIdError).argument).toBe("ids[2]");
    expect(seen).toHaveLength(0);
  });
});

const REPO = encodeNodeId("Repository", 123);

/** Repositories named `repo-<n>` exist for even n, with ID Repository:<n>. */
function answerAliases(body: { variables: Record<string, unknown> }): Reply {
  const answer: Record<string, unknown> = {};
  for (const [variable, name] of Object.entries(body.variables)) {
    const n = Number(String(name).slice("repo-".length));
    answer[`r${variable.slice(1)}`] = n % 2 === 0 ? { id: encodeNodeId("Repository", n) } : null;
  }
  return data(answer);
}

describe("repositoryIdsByName", () => {
  it("looks up 250 names in 3 aliased requests of at most 100 and maps each name to its ID or null", async () => {
    serve(answerAliases);
    const names = Array.from({ length: 250 }, (_, i) => `repo-${i}`);
    const ids = await repositoryIdsByName(client, names);
    expect(seen.map((s) => Object.keys(s.body.variables).length)).toEqual([100, 100, 50]);
    expect(ids.size).toBe(250);
    expect(ids.get("repo-0")).toBe(encodeNodeId("Repository", 0));
    expect(ids.get("repo-248")).toBe(encodeNodeId("Repository", 248));
    expect(ids.get("repo-249")).toBeNull();
    expect([...ids.keys()]).toEqual(names);
    // Names travel as variables only.
    expect(seen[0]?.body.query).not.toContain("repo-");
    expect(seen[0]?.body.operationName).toBe("RepositoryIdsByName");
    expect(seen[2]?.body.variables).toMatchObject({ n0: "repo-200", n49: "repo-249" });
  });

  it("honours chunkSize, deduplicates names and sends nothing for none", async () => {
    serve(answerAliases);
    const ids = await repositoryIdsByName(client, ["repo-2", "repo-4", "repo-2", "repo-6"], { chunkSize: 2 });
    expect(seen.map((s) => Object.values(s.body.variables))).toEqual([["repo-2", "repo-4"], ["repo-6"]]);
    expect(ids.size).toBe(3);
    expect(await repositoryIdsByName(client, [])).toEqual(new Map());
    expect(seen).toHaveLength(2);
  });

  it("refuses a bad chunk size or a blank name before sending", async () => {
    await expect(repositoryIdsByName(client, ["a"], { chunkSize: 0 })).rejects.toThrow(RangeError);
    await expect(repositoryIdsByName(client, ["a"], { chunkSize: 501 })).rejects.toThrow(RangeError);
    await expect(repositoryIdsByName(client, ["a", " "])).rejects.toThrow(InvalidArgumentError);
    expect(seen).toHaveLength(0);
  });

  it("fails with the partial data of the chunk when an alias fails", async () => {
    serve([200, { data: { r0: { id: REPO }, r1: null }, errors: [{ message: "boom", path: ["r1"] }] }]);
    const error = await repositoryIdsByName(client, ["a", "b"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).data).toEqual({ r0: { id: REPO }, r1: null });
  });

  it("builds a query that validates against the schema", () => {
    const { query, variables } = repositoryIdsByNameQuery(["github.com/a/b", "github.com/c/d"]);
    expect(query).toBe(
      "query RepositoryIdsByName($n0: String!, $n1: String!) {\n" +
        "  r0: repository(name: $n0) {\n    id\n  }\n" +
        "  r1: repository(name: $n1) {\n    id\n  }\n}",
    );
    expect(variables).toEqual({ n0: "github.com/a/b", n1: "github.com/c/d" });
    expect(validate(loadSchema(), parse(query))).toEqual([]);
  });
});
