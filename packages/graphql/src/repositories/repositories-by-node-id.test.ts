import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { data, ORIGIN, type Reply, seen, serve, TOKEN, useGraphQLNock } from "../../test/graphql-nock.js";
import { createGraphQLClient } from "../client/create-graphql-client.js";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { decodeNodeId } from "../node-ids/decode-node-id.js";
import { encodeNodeId } from "../node-ids/encode-node-id.js";
import { loadSchema } from "../schema.js";
import { repositoriesByNodeId } from "./repositories-by-node-id.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sleep: async () => {} });

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
