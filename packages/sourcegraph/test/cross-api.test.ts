// One state behind every API: what @sgkit/permissions changes over the HTTP API is what @sgkit/graphql reads over
// GraphQL and what @sgkit/search finds, and the other way round, on the same emulator over real loopback HTTP,
// through the clients of one createSourcegraph. No nock in this file.

import type { ContentMatch, SearchMatch } from "@sgkit/search";
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  BULK_USERS,
  collect,
  DAVE,
  ids,
  OTHER_REPO,
  REPO,
  SECRETS,
  sourcegraphFor,
  startTestEmulator,
} from "./support/emulator.js";

const usernames = async (iterable: AsyncIterable<{ username: string }>) =>
  (await collect(iterable)).map((user) => user.username);

describe("the permissions client and the GraphQL client see one state", () => {
  it("a grant and a revoke made with @sgkit/permissions are seen by both GraphQL listings", async () => {
    const emulator = await startTestEmulator();
    const { permissions: http, graphql } = sourcegraphFor(emulator);

    expect(await usernames(graphql.repositoryAuthorizedUsers(ids.repo))).toEqual([]);
    expect((await http.grant(REPO, "@bob")).changed).toBe(true);
    await http.create({ repository: REPO, user: "dave@example.com", parent: "user" });
    expect(await usernames(graphql.repositoryAuthorizedUsers(ids.repo))).toEqual(["bob", "dave"]);
    expect(await collect(graphql.authorizedUserRepositories({ username: "bob" }))).toEqual([
      { id: ids.repo, name: "github.com/acme/api" },
    ]);

    await http.revoke(REPO, BOB);
    expect(await usernames(graphql.repositoryAuthorizedUsers(ids.repo))).toEqual(["dave"]);
    expect(await collect(graphql.authorizedUserRepositories({ username: "bob" }))).toEqual([]);
  });

  it("a setRepositoryPermissionsForUsers replace is what the permissions client lists", async () => {
    const emulator = await startTestEmulator();
    const { permissions: http, graphql } = sourcegraphFor(emulator);
    await http.grant(REPO, ALICE);
    await http.grant(REPO, DAVE);

    await graphql.setRepositoryPermissionsForUsers(ids.repo, ["bob", "dave", "not.yet"]);
    const names = async (parent: string) =>
      (await collect(http.list({ parent, pageSize: 1 }))).map((permission) => permission.name);
    expect(await names(`repositories/${REPO}`)).toEqual([
      `repositories/${REPO}/explicitRepoPermissions/${BOB}`,
      `repositories/${REPO}/explicitRepoPermissions/${DAVE}`,
    ]);
    // alice keeps her grant on the other repository only.
    expect(await names("users/@alice")).toEqual([
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);
    expect(await http.get(`repositories/${REPO}/explicitRepoPermissions/@bob`)).toMatchObject({
      user: `users/${BOB}`,
      repository: `repositories/${REPO}`,
    });
    // The pending bindID is no user, so the HTTP API cannot name it.
    expect(await graphql.usersWithPendingPermissions()).toEqual(["not.yet"]);
  });

  it("a pending permission set through GraphQL becomes a permission of the HTTP API when the user appears", async () => {
    const emulator = await startTestEmulator();
    const { permissions: http, graphql } = sourcegraphFor(emulator);
    await graphql.setRepositoryPermissionsForUsers(ids.otherRepo, ["alice", "newcomer"]);
    emulator.state.users.add({
      id: 9100,
      username: "newcomer",
      email: "newcomer@example.com",
      siteAdmin: false,
      rbac: new Set(),
    });
    expect(await http.get(`repositories/${OTHER_REPO}/explicitRepoPermissions/@newcomer`)).toEqual(
      expect.objectContaining({ user: "users/9100" }),
    );
  });

  it("the permissions client's replaceRepositoryPermissions is seen by GraphQL, 60 users over pages", async () => {
    const emulator = await startTestEmulator();
    const { permissions: http, graphql } = sourcegraphFor(emulator);
    const users = BULK_USERS.slice(0, 60);
    await graphql.setRepositoryPermissionsForUsers(ids.repo, ["alice", "bob"]);
    const result = await http.replaceRepositoryPermissions(REPO, [BOB, ...users]);
    expect(result.deleted).toEqual([`users/${ALICE}`]);
    expect(await usernames(graphql.repositoryAuthorizedUsers(ids.repo, { pageSize: 25 }))).toEqual([
      "bob",
      ...users.map((id) => `user${id}`),
    ]);
  });
});

/** "repository:path" of every content match, sorted. */
function files(matches: SearchMatch[]): string[] {
  return matches
    .filter((match): match is ContentMatch => match.type === "content")
    .map((match) => `${match.repository}:${match.path}`)
    .sort();
}

describe("the permissions client and the search client see one state", () => {
  it("a grant made through @sgkit/permissions shows up in the next search", async () => {
    const emulator = await startTestEmulator();
    const bob = sourcegraphFor(emulator, "bob").search;
    const before = await bob.searchAll("needle repo:secrets");
    expect(before.matches).toEqual([]);
    expect(before.complete).toBe(true);
    await sourcegraphFor(emulator, "admin").permissions.grant(SECRETS, BOB);
    const after = await bob.searchAll("needle repo:secrets");
    expect(files(after.matches)).toEqual(["github.com/acme/secrets:keys.txt"]);
  });
});
