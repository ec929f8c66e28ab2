import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { data, ORIGIN, type Reply, seen, serve, TOKEN, useGraphQLNock } from "../../test/graphql-nock.js";
import { createGraphQLClient } from "../client/create-graphql-client.js";
import { GraphQLResponseError } from "../errors/graphql-response-error.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { encodeNodeId } from "../node-ids/encode-node-id.js";
import { loadSchema } from "../schema.js";
import { usersByBindId } from "./users-by-bind-id.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sleep: async () => {} });

/** Users `user-<n>` exist for even n, with id 1000 + n and the email `User-<n>@Example.com` (mixed case). */
function answerUsers(body: { variables: Record<string, unknown> }): Reply {
  const answer: Record<string, unknown> = {};
  for (const [variable, bindId] of Object.entries(body.variables)) {
    const n = Number(/(\d+)/.exec(String(bindId))?.[1]);
    answer[`u${variable.slice(1)}`] =
      n % 2 === 0
        ? {
            id: encodeNodeId("User", 1000 + n),
            username: `user-${n}`,
            primaryEmail: { email: `User-${n}@Example.com` },
          }
        : null;
  }
  return data(answer);
}

describe("usersByBindId", () => {
  it("looks 250 usernames up in 3 aliased requests and maps each to its user (with databaseId) or null", async () => {
    serve(answerUsers);
    const names = Array.from({ length: 250 }, (_, i) => `user-${i}`);
    const users = await usersByBindId(client, names, { by: "username" });
    expect(seen.map((s) => Object.keys(s.body.variables).length)).toEqual([100, 100, 50]);
    expect(seen[0]?.body.operationName).toBe("UsersByUsername");
    expect(seen[0]?.body.query).toContain("u0: user(username: $n0) {");
    expect(seen[0]?.body.query).not.toContain("user-");
    expect(users.size).toBe(250);
    expect(users.get("user-248")).toEqual({
      id: encodeNodeId("User", 1248),
      databaseId: 1248,
      username: "user-248",
      primaryEmail: "User-248@Example.com",
    });
    expect(users.get("user-249")).toBeNull();
  });

  it("sends emails exactly as given (case-sensitive), once each", async () => {
    serve(answerUsers);
    const emails = ["User-2@Example.com", "user-2@example.com", "User-2@Example.com"];
    const users = await usersByBindId(client, emails, { by: "email" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body.operationName).toBe("UsersByEmail");
    expect(seen[0]?.body.query).toContain("u1: user(email: $n1) {");
    expect(seen[0]?.body.variables).toEqual({ n0: "User-2@Example.com", n1: "user-2@example.com" });
    expect([...users.keys()]).toEqual(["User-2@Example.com", "user-2@example.com"]);
  });

  it("leaves primaryEmail out when the server gives none", async () => {
    serve(data({ u0: { id: encodeNodeId("User", 7), username: "bob", primaryEmail: null } }));
    const users = await usersByBindId(client, ["bob"], { by: "username" });
    expect(users.get("bob")).toEqual({ id: encodeNodeId("User", 7), databaseId: 7, username: "bob" });
    expect(users.get("bob")).not.toHaveProperty("primaryEmail");
  });

  it.each([
    [["alice", "", "bob"], "bindIds[1]", 'bindIds[1] must be a non-empty username, not "".'],
    [["alice", "alice", "  "], "bindIds[2]", 'bindIds[2] must be a non-empty username, not "  ".'],
    [["alice", 7 as unknown as string], "bindIds[1]", "bindIds[1] must be a non-empty username, not 7."],
  ])("refuses a blank bindID, naming its index, before sending (%j)", async (bindIds, argument, message) => {
    const error = await usersByBindId(client, bindIds, { by: "username" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as Error).message).toBe(message);
    expect(seen).toHaveLength(0);
  });

  it("refuses an unknown `by` and a bad chunk size before sending", async () => {
    await expect(usersByBindId(client, ["a"], { by: "id" as "email" })).rejects.toThrow(
      /by must be "username" or "email", not "id"/,
    );
    await expect(usersByBindId(client, ["a"], { by: "email", chunkSize: 501 })).rejects.toThrow(RangeError);
    expect(seen).toHaveLength(0);
  });

  it("fails with the chunk's partial data when a lookup fails (by email as a non-admin)", async () => {
    serve([
      200,
      {
        data: { u0: null },
        errors: [{ message: "must be site admin", path: ["u0"], extensions: { code: "ErrMustBeSiteAdmin" } }],
      },
    ]);
    const error = await usersByBindId(client, ["a@example.com"], { by: "email" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errorCodes).toEqual(["ErrMustBeSiteAdmin"]);
  });

  it("builds queries that validate against the schema", async () => {
    serve(answerUsers);
    await usersByBindId(client, ["user-2", "user-3"], { by: "username" });
    await usersByBindId(client, ["a@b.c"], { by: "email" });
    for (const { body } of seen) expect(validate(loadSchema(), parse(body.query))).toEqual([]);
  });
});
