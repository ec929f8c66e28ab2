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
import { loadSchema } from "./schema.js";
import { currentUser, findUser, usersByBindId, usersByNodeId } from "./users.js";

useGraphQLNock();

const sudoClient = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sudo: "alice" });
const alice = {
  id: "VXNlcjo0NTY=",
  username: "alice",
  displayName: "Alice",
  siteAdmin: false,
  primaryEmail: { email: "alice@example.com", verified: true },
};

describe("currentUser", () => {
  it("returns the user the credentials act as", async () => {
    serve(data({ currentUser: alice }));
    expect(await currentUser(sudoClient)).toEqual(alice);
    expect(seen[0]?.headers.get("authorization")).toBe(`token-sudo user="alice",token="${TOKEN}"`);
  });

  it("returns null for an anonymous client", async () => {
    serve(data({ currentUser: null }));
    expect(await currentUser(createGraphQLClient({ endpoint: ORIGIN }))).toBeNull();
  });
});

describe("findUser", () => {
  it("finds a user by username or by email", async () => {
    serve(data({ user: alice }), data({ user: null }));
    expect(await findUser(sudoClient, { username: "alice" })).toEqual(alice);
    expect(await findUser(sudoClient, { email: "nobody@example.com" })).toBeNull();
    expect(seen.map((s) => s.body.variables)).toEqual([
      { username: "alice" },
      { email: "nobody@example.com" },
    ]);
  });

  it("needs exactly one of username and email", async () => {
    await expect(findUser(sudoClient, {} as never)).rejects.toThrow(InvalidArgumentError);
    await expect(findUser(sudoClient, { username: "a", email: "b" } as never)).rejects.toThrow(/exactly one/);
    await expect(findUser(sudoClient, { username: " " })).rejects.toThrow(/exactly one/);
    expect(seen).toHaveLength(0);
  });
});

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, internal: { sleep: async () => {} } });

/** Users `user-<n>` exist for even n, with id 1000 + n and the email `User-<n>@Example.com` (mixed case). */
function answerUsersByBindId(body: { variables: Record<string, unknown> }): Reply {
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
    serve(answerUsersByBindId);
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
    serve(answerUsersByBindId);
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
        // Sourcegraph's answer: a message and a path, no extensions.code.
        errors: [{ message: "must be site admin", path: ["u0"] }],
      },
    ]);
    const error = await usersByBindId(client, ["a@example.com"], { by: "email" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors).toEqual([{ message: "must be site admin", path: ["u0"] }]);
    expect((error as GraphQLResponseError).errorCodes).toEqual([]);
  });

  it("builds queries that validate against the schema", async () => {
    serve(answerUsersByBindId);
    await usersByBindId(client, ["user-2", "user-3"], { by: "username" });
    await usersByBindId(client, ["a@b.c"], { by: "email" });
    for (const { body } of seen) expect(validate(loadSchema(), parse(body.query))).toEqual([]);
  });
});

/** Users exist for even ids; those above 1000 have no visible email. */
function answerUsersByNodeId(body: { variables: Record<string, unknown> }): Reply {
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
    serve(answerUsersByNodeId);
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
