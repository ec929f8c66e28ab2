// The token a GraphQL client uses never appears in anything it throws or reports, whatever the emulator answered:
// refusals of the token itself, GraphQL errors whose messages and partial data quote the token (sent as a
// variable), local refusals that quote an argument, sudo refusals, cost refusals, faults and a dead server. Canary
// tokens are seeded into the emulator, so they are real, working credentials: an `sgp_` one (caught by its shape
// too) and a bare 40-hex one of the older format (caught only because the client registers what it is given).
// No nock in this file.
import { createSudoCredentials, type DebugEvent, SourcegraphError } from "@sgkit/core";
import { REDACTED } from "@sgkit/core/internal";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import type { Emulator } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import { type GraphQLClient, repositoryIdsByNameQuery } from "../src/index.js";
import { failureOf, graphqlFor, ids, startGraphQLEmulator } from "./support/emulator.js";

/** A token of the older format: 40 hex digits, no prefix for a pattern to catch. */
function bareHexToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(20)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}

/** Every way of failing that can carry the token back, with the client's errors and debug events. */
async function failEveryWay(emulator: Emulator, token: string): Promise<unknown[]> {
  const events: DebugEvent[] = [];
  const onDebug = (event: DebugEvent) => events.push(event);
  const options = { token, onDebug };
  const client: GraphQLClient = graphqlFor(emulator, null, options);
  const errors: Error[] = [];
  const fail = async (run: Promise<unknown> | (() => unknown)) => errors.push(await failureOf(run));

  // A spec holding the token: Sourcegraph's not-found answers name no spec, and the lookups read them as null
  // (the answers still pass through the client and its debug events, checked below).
  expect(await client.searchContextBySpec(token)).toBeNull();
  expect(await client.searchContextBySpec(`@${token}/ctx`)).toBeNull();
  // The server quotes the token, sent as a variable, in its error messages.
  await fail(client.request("query Node($id: ID!) { node(id: $id) { id } }", { id: token }));
  await fail(client.setSubRepositoryPermissionsForUsers(ids.repo, [{ bindID: token, paths: ["/**"] }]));
  await fail(client.searchContextById(token));
  // ...and in the partial data of an answer with errors: the token as a pending bindID.
  await client.setRepositoryPermissionsForUsers(ids.repo, [token]);
  await fail(
    client.request(`query Partial {
      usersWithPendingPermissions
      searchContextBySpec(spec: "missing") { id }
    }`),
  );
  // Refused locally, quoting the argument.
  await fail(
    client.setSubRepositoryPermissionsForUsers(ids.repo, [{ bindID: "alice", paths: [`[${token}`] }]),
  );
  await fail(
    client.createSearchContext({ name: "x", repositories: [{ repositoryID: token, revisions: [] }] }),
  );
  // The cost limit.
  const { query, variables } = repositoryIdsByNameQuery(
    Array.from({ length: 501 }, (_, i) => `${token}/${i}`),
  );
  await fail(client.request(query, variables));
  // Sudo: as a user that does not exist, and to a user named like the token.
  await fail(graphqlFor(emulator, null, { ...options, sudo: "nobody" }).currentUser());
  await fail(
    graphqlFor(emulator, null, {
      onDebug,
      credentials: createSudoCredentials({ token, user: token.slice(0, 30) }),
    }).currentUser(),
  );
  // Injected faults: a 503 on a mutation (not retried), resets on a query (retried until the attempts run out).
  await fail(client.createSearchContext({ name: "faulty", public: true }));
  await fail(
    graphqlFor(emulator, null, {
      ...options,
      retry: { maxAttempts: 2, baseDelayMs: 1, budget: false },
    }).currentUser(),
  );
  // A dead server.
  await emulator.stop();
  await fail(graphqlFor(emulator, null, { ...options, retry: false }).currentUser());

  for (const error of errors) expect(error).toBeInstanceOf(Error);
  expect(errors.filter((error) => error instanceof SourcegraphError)).toHaveLength(errors.length);
  expect(events.length).toBeGreaterThan(0);
  return [...errors, ...errors.map((error) => (error as SourcegraphError).toJSON?.()), ...events];
}

describe("canary: the token never appears in a GraphQL client's error", () => {
  it.each([
    ["an sgp_ token", createCanaryToken],
    ["a bare 40-hex token", bareHexToken],
  ])("%s: in any refusal or failure, nor in the debug events", async (_, makeToken) => {
    const token = makeToken();
    const emulator = await startGraphQLEmulator({
      tokens: [{ name: "canary", user: "admin", scopes: ["user:all", "site-admin:sudo"], value: token }],
      faults: {
        perMethod: {
          "graphql:CreateSearchContext": { rate: 1, kinds: { unavailable: 1 } },
          "graphql:CurrentUser": { rate: 1, kinds: { reset: 1 } },
        },
      },
    });
    const reported = await failEveryWay(emulator, token);
    expect(findSecret(token, ...reported)).toBeUndefined();
    // The token did come back (the server quoted it), and was redacted.
    const messages = reported.filter((value): value is Error => value instanceof Error).map((e) => e.message);
    expect(messages.filter((message) => message.includes(REDACTED)).length).toBeGreaterThanOrEqual(5);
  });

  it("when the server refuses the token itself (unknown, or a non-admin's token with sudo)", async () => {
    const unknown = createCanaryToken();
    const bob = bareHexToken();
    const emulator = await startGraphQLEmulator({
      tokens: [{ name: "canaryBob", user: "bob", scopes: ["user:all", "site-admin:sudo"], value: bob }],
    });
    const events: DebugEvent[] = [];
    const onDebug = (event: DebugEvent) => events.push(event);
    const errors = [
      await failureOf(graphqlFor(emulator, null, { token: unknown, onDebug }).currentUser()),
      await failureOf(graphqlFor(emulator, null, { token: bob, sudo: "alice", onDebug }).currentUser()),
    ];
    expect(errors.map((error) => error.name)).toEqual(["AuthenticationError", "PermissionDeniedError"]);
    expect(findSecret(unknown, ...errors, ...events)).toBeUndefined();
    expect(findSecret(bob, ...errors, ...events)).toBeUndefined();
  });
});
