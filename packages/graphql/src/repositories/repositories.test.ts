import { describe, expect, it } from "vitest";
import { data, ORIGIN, type Reply, seen, serve, TOKEN, useGraphQLNock } from "../../test/graphql-nock.js";
import { createGraphQLClient } from "../client/create-graphql-client.js";
import { GraphQLResponseError } from "../errors/graphql-response-error.js";
import { encodeNodeId } from "../node-ids/encode-node-id.js";
import { repositories } from "./repositories.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sleep: async () => {} });

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
