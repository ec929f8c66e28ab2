import { describe, expect, it } from "vitest";
import { data, ORIGIN, seen, serve, TOKEN, useGraphQLNock } from "../../test/graphql-nock.js";
import { createGraphQLClient } from "../client/create-graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { currentUser } from "./current-user.js";
import { findUser } from "./find-user.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sudo: "alice" });
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
    expect(await currentUser(client)).toEqual(alice);
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
    expect(await findUser(client, { username: "alice" })).toEqual(alice);
    expect(await findUser(client, { email: "nobody@example.com" })).toBeNull();
    expect(seen.map((s) => s.body.variables)).toEqual([
      { username: "alice" },
      { email: "nobody@example.com" },
    ]);
  });

  it("needs exactly one of username and email", async () => {
    await expect(findUser(client, {} as never)).rejects.toThrow(InvalidArgumentError);
    await expect(findUser(client, { username: "a", email: "b" } as never)).rejects.toThrow(/exactly one/);
    await expect(findUser(client, { username: " " })).rejects.toThrow(/exactly one/);
    expect(seen).toHaveLength(0);
  });
});
