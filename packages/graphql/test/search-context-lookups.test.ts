// searchContextById and searchContextBySpec against the emulator, which answers a missing search context as
// Sourcegraph does (null with "search context not found" at the field's path; see the emulator's GQL-12): that
// answer is null for the caller, every other error still throws.
import { AuthenticationError } from "@sgkit/core";
import { print } from "graphql";
import { describe, expect, it } from "vitest";
import { encodeNodeId, type GraphQLRequester, GraphQLResponseError } from "../src/index.js";
import { searchContextById, searchContextBySpec } from "../src/search-contexts.js";
import { failureOf, graphqlFor, startGraphQLEmulator } from "./support/emulator.js";

const specId = (spec: string) => encodeNodeId("SearchContext", spec);

async function start() {
  const emulator = await startGraphQLEmulator({
    tokens: [{ name: "scoped", user: "alice", scopes: ["externalapi:read", "externalapi:write"] }],
  });
  emulator.state.searchContexts.add({
    name: "diary",
    description: "",
    public: false,
    namespace: { kind: "user", id: emulator.state.users.byUsername("bob")?.id ?? 0 },
    query: "",
    repositories: [],
  });
  return emulator;
}

describe("search-context lookups: not found is null", () => {
  it.each([
    ["a context that does not exist", "@alice/none"],
    ["another user's private context", "@bob/diary"],
    ["a global context that does not exist", "nope"],
    ["a namespace that is no user or org", "@nobody/ctx"],
  ])("%s (%s) is null by spec and by ID, though the server answers an error", async (_, spec) => {
    const emulator = await start();
    const alice = graphqlFor(emulator, "alice");
    expect(await alice.searchContextBySpec(spec)).toBeNull();
    expect(await alice.searchContextById(specId(spec))).toBeNull();
    // The answers did carry the error: the same lookups sent as raw requests fail.
    const raw = await failureOf(
      alice.request("query ($spec: String!) { searchContextBySpec(spec: $spec) { id } }", { spec }),
    );
    expect((raw as GraphQLResponseError).errors).toEqual([
      expect.objectContaining({
        path: ["searchContextBySpec"],
        message: expect.stringMatching(/not found$/),
      }),
    ]);
    // bob reads his own.
    expect(await graphqlFor(emulator, "bob").searchContextBySpec("@bob/diary")).toMatchObject({
      spec: "@bob/diary",
    });
  });
});

describe("search-context lookups: other errors throw", () => {
  it("an error beside the not-found one: the answer is not only 'not found', so it throws, by spec and by ID", async () => {
    const emulator = await start();
    const alice = graphqlFor(emulator, "alice");
    // A requester of one's own (a wrapper may add fields): here a user by email, which alice (no site admin) may not look up.
    const withUsers: GraphQLRequester = {
      endpoint: alice.endpoint,
      url: alice.url,
      request: ((document: Parameters<GraphQLRequester["request"]>[0], ...args: unknown[]) =>
        alice.request(
          (typeof document === "string" ? document : print(document)).replace(
            "{",
            '{ user(email: "nobody@example.com") { id } ',
          ),
          ...(args as [Record<string, unknown>]),
        )) as GraphQLRequester["request"],
    };
    for (const lookup of [
      () => searchContextBySpec(withUsers, "@alice/none"),
      () => searchContextById(withUsers, specId("@alice/none")),
    ]) {
      const error = await failureOf(lookup);
      expect(error).toBeInstanceOf(GraphQLResponseError);
      expect((error as GraphQLResponseError).errors.map((entry) => entry.message).sort()).toEqual([
        "must be site admin",
        "search context not found",
      ]);
    }
  });

  it("an ID whose key is no spec: the server's own error at node throws", async () => {
    const emulator = await start();
    const error = await failureOf(
      graphqlFor(emulator, "alice").searchContextById(encodeNodeId("SearchContext", 5)),
    );
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors).toEqual([
      expect.objectContaining({
        message: "json: cannot unmarshal number into Go value of type string",
        path: ["node"],
      }),
    ]);
  });

  it("a token without user:all: 401, thrown, by spec and by ID", async () => {
    const emulator = await start();
    const scoped = graphqlFor(emulator, "scoped");
    expect(await failureOf(scoped.searchContextBySpec("@alice/none"))).toBeInstanceOf(AuthenticationError);
    expect(await failureOf(scoped.searchContextById(specId("@alice/none")))).toBeInstanceOf(
      AuthenticationError,
    );
  });
});
