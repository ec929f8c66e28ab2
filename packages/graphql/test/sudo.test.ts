// Sudo through @sgkit/graphql against the emulator: a site admin's token with the `site-admin:sudo` scope acts as
// another user in every resolver (`token-sudo user="…",token="…"`), and the server refuses sudo (HTTP 403, plain
// text) to other tokens, which the client raises as PermissionDeniedError. No nock in this file.
import {
  AuthenticationError,
  ConfigurationError,
  createSudoCredentials,
  PermissionDeniedError,
  type SourcegraphError,
} from "@sgkit/core";
import { describe, expect, it } from "vitest";
import type { GraphQLResponseError } from "../src/index.js";
import {
  ALICE,
  BOB,
  collect,
  failureOf,
  graphqlCalls,
  graphqlFor,
  ids,
  startGraphQLEmulator,
} from "./support/emulator.js";

/** An emulator where alice has a private context of her own. */
async function start() {
  const emulator = await startGraphQLEmulator();
  emulator.state.searchContexts.add({
    name: "diary",
    description: "alice's private context",
    public: false,
    namespace: { kind: "user", id: ALICE },
    query: "",
    repositories: [],
  });
  return emulator;
}

describe("sudo", () => {
  it("with the sudo-capable token and `sudo`, currentUser is that user and its private context is readable", async () => {
    const emulator = await start();
    const asAdmin = graphqlFor(emulator, "sudo");
    const asAlice = graphqlFor(emulator, "sudo", { sudo: "alice" });

    expect(await asAdmin.currentUser()).toMatchObject({ username: "admin", siteAdmin: true });
    expect(await asAlice.currentUser()).toMatchObject({ id: ids.alice, username: "alice", siteAdmin: false });

    // A site admin does not read a user's private context (Sourcegraph bypasses the check for internal actors
    // only, internal/database/search_contexts.go)...
    expect(await asAdmin.searchContextBySpec("@alice/diary")).toBeNull();
    // ...acting as its owner, it reads and may manage it.
    expect(await asAlice.searchContextBySpec("@alice/diary")).toMatchObject({
      spec: "@alice/diary",
      viewerCanManage: true,
    });
    expect((await collect(asAlice.searchContexts())).map((context) => context.spec)).toEqual([
      "global",
      "@alice/diary",
    ]);

    // Every sudo request is audit-logged with the admin and the target.
    const sudoEntries = emulator.state.audit.entries.filter((entry) => entry.api === "graphql");
    expect(sudoEntries).toHaveLength(3);
    expect(sudoEntries[0]).toMatchObject({ username: "admin", token: "sudo", method: "graphql:CurrentUser" });
    expect(sudoEntries[0]?.note).toContain('"alice"');
  });

  it("sudo credentials of @sgkit/core do the same, and the sudo user's rights are the user's, not the admin's", async () => {
    const emulator = await start();
    const asBob = graphqlFor(emulator, null, {
      credentials: createSudoCredentials({ token: emulator.token("sudo"), user: "bob" }),
    });
    expect(await asBob.currentUser()).toMatchObject({ id: ids.bob, username: "bob" });
    // bob cannot read alice's private context, even through an admin's token.
    expect(await asBob.searchContextBySpec("@alice/diary")).toBeNull();
    // bob is no site admin: the permission mutations are refused.
    const mutation = await failureOf(asBob.setRepositoryPermissionsForUsers(ids.repo, ["bob"]));
    expect((mutation as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "must be site admin",
    ]);
    expect(emulator.state.permissions.has(123, BOB)).toBe(false);
    // What bob creates is bob's.
    const created = await asBob.createSearchContext({ name: "scratch", namespace: ids.bob });
    expect(created).toMatchObject({ spec: "@bob/scratch", namespace: { namespaceName: "bob" } });
  });

  it.each([
    ["a non-admin's token with the sudo scope", "bobSudo", "alice"],
    ["a user who does not exist", "sudo", "nobody"],
  ])("is refused for %s: PermissionDeniedError (403)", async (_, tokenName, user) => {
    const emulator = await start();
    const client = graphqlFor(emulator, tokenName, { sudo: user });
    const error = await failureOf(client.currentUser());
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: "permission_denied", isRetryable: false });
    // Refused once, not retried.
    expect(graphqlCalls(emulator)).toEqual({ CurrentUser: 1 });
    expect(emulator.state.audit.entries.filter((entry) => entry.api === "graphql")).toEqual([]);
  });

  // Sourcegraph looks a sudo token up with the site-admin:sudo scope: without it the token is as good as unknown.
  it("is refused for an admin's token without the sudo scope: AuthenticationError (401)", async () => {
    const emulator = await start();
    const client = graphqlFor(emulator, "admin", { sudo: "alice" });
    const error = await failureOf(client.currentUser());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "unauthenticated", isRetryable: false });
    expect((error as SourcegraphError).response?.body).toBe("Invalid access token.\n");
    expect(graphqlCalls(emulator)).toEqual({ CurrentUser: 1 });
    expect(emulator.state.audit.entries.filter((entry) => entry.api === "graphql")).toEqual([]);
  });

  it("a username that cannot be sent in the header is refused before anything is sent", async () => {
    const emulator = await start();
    for (const user of ['al"ice', "alice,bob", "alice\n", ""]) {
      const error = await failureOf(() => graphqlFor(emulator, "sudo", { sudo: user }));
      expect(error).toBeInstanceOf(ConfigurationError);
    }
    expect(emulator.counters.total()).toBe(0);
  });
});
