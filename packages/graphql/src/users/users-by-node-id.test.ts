import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { data, ORIGIN, type Reply, seen, serve, TOKEN, useGraphQLNock } from "../../test/graphql-nock.js";
import { createGraphQLClient } from "../client/create-graphql-client.js";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { decodeNodeId } from "../node-ids/decode-node-id.js";
import { encodeNodeId } from "../node-ids/encode-node-id.js";
import { loadSchema } from "../schema.js";
import { usersByNodeId } from "./users-by-node-id.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sleep: async () => {} });

/** Users exist for even ids; those above 1000 have no visible email. */
function answerUsers(body: { variables: Record<string, unknown> }): Reply {
  const answer: Record<string, unknown> = {};
  for (const [variable, id] of Object.entries(body.variables)) {
    const n = decodeNodeId(String(id)).key as number;
    answer[`u${variable.slice(1)}`] =
      n % 2 === 0
        ? {
            __typename: "User",
            id,
            username: `user${n}`,
            primaryEmail: n > 1000 ? null : { email: `user${n}@example.com` },
          }
        : null;
  }
  return data(answer);
}

describe("usersByNodeId", () => {
  it("looks users up by node ID in chunks, with databaseId, primaryEmail when visible, null when none", async () => {
    serve(answerUsers);
    const ids = Array.from({ length: 250 }, (_, i) => encodeNodeId("User", 900 + i));
    const users = await usersByNodeId(client, ids);
    expect(seen.map((s) => Object.keys(s.body.variables).length)).toEqual([100, 100, 50]);
    expect(seen[0]?.body.operationName).toBe("UsersByNodeId");
    expect(users.get(encodeNodeId("User", 900))).toEqual({
      id: encodeNodeId("User", 900),
      databaseId: 900,
      username: "user900",
      primaryEmail: "user900@example.com",
    });
    expect(users.get(encodeNodeId("User", 1002))).toEqual({
      id: encodeNodeId("User", 1002),
      databaseId: 1002,
      username: "user1002",
    });
    expect(users.get(encodeNodeId("User", 901))).toBeNull();
    expect(validate(loadSchema(), parse(seen[0]?.body.query ?? ""))).toEqual([]);
  });

  it("reads a node of another type as null", async () => {
    serve(data({ u0: { __typename: "Org" } }));
    const users = await usersByNodeId(client, [encodeNodeId("User", 4)]);
    expect(users.get(encodeNodeId("User", 4))).toBeNull();
  });

  it.each([
    ["not-an-id", /^ids\[1\]: "not-an-id" is not a Sourcegraph node ID/],
    [encodeNodeId("Repository", 4), /^ids\[1\]: "UmVwb3NpdG9yeTo0" is a Repository ID, not a User ID\.$/],
  ])("refuses %s before sending, naming it and its index", async (bad, message) => {
    const error = await usersByNodeId(client, [encodeNodeId("User", 2), bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect((error as Error).message).toMatch(message);
    expect((error as InvalidNodeIdError).id).toBe(bad);
    expect((error as InvalidNodeIdError).argument).toBe("ids[1]");
    expect(seen).toHaveLength(0);
  });
});
