// The permissions client over real HTTP on 127.0.0.1 against the emulator: every procedure, both parents, every
// user form, numeric ids in every answer. No nock in this file (see the toolchain notes).
import type { Emulator } from "@sgkit/emulator";
import { beforeEach, describe, expect, it } from "vitest";
import type { ExplicitRepoPermission, PermissionsClient } from "../src/index.js";
import {
  ALICE,
  BOB,
  CAROL,
  clientFor,
  OTHER_REPO,
  REPO,
  replaceResult,
  startTestEmulator,
  statePairs,
} from "./support/emulator.js";

/** The three fields of a permission, without the message's type name. */
const plain = (permission: ExplicitRepoPermission | undefined) =>
  permission && { name: permission.name, user: permission.user, repository: permission.repository };

/** The permission with numeric ids, as the server names it whatever form the request used. */
const numeric = (repository: number, user: number) => ({
  name: `repositories/${repository}/explicitRepoPermissions/${user}`,
  user: `users/${user}`,
  repository: `repositories/${repository}`,
});

const USER_FORMS = [
  ["id", ALICE],
  ["id string", String(ALICE)],
  ["users/id", `users/${ALICE}`],
  ["@username", "@alice"],
  ["users/@username", "users/@alice"],
  ["email", "alice@example.com"],
  ["users/email", "users/alice@example.com"],
] as const;

let emulator: Emulator;
let client: PermissionsClient;

beforeEach(async () => {
  emulator = await startTestEmulator();
  client = clientFor(emulator);
});

describe("get", () => {
  it.each([
    `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    `repositories/${OTHER_REPO}/explicitRepoPermissions/@alice`,
    `repositories/${OTHER_REPO}/explicitRepoPermissions/alice@example.com`,
  ])("reads %s with numeric ids in the answer", async (name) => {
    expect(plain(await client.get(name))).toEqual(numeric(OTHER_REPO, ALICE));
    expect(emulator.counters.snapshot()).toEqual({ GetExplicitRepoPermission: 1 });
  });

  it("treats emails as case-sensitive: Carol@Example.com is carol, carol@example.com nobody", async () => {
    await client.grant(REPO, CAROL);
    expect(plain(await client.get(`repositories/${REPO}/explicitRepoPermissions/Carol@Example.com`))).toEqual(
      numeric(REPO, CAROL),
    );
    await expect(
      client.get(`repositories/${REPO}/explicitRepoPermissions/carol@example.com`),
    ).rejects.toMatchObject({ name: "NotFoundError", code: "not_found", status: 404 });
  });
});

describe("create", () => {
  it.each(USER_FORMS)("under the repository, with the user as %s", async (_form, user) => {
    const created = await client.create({ repository: REPO, user });
    expect(plain(created)).toEqual(numeric(REPO, ALICE));
    expect(emulator.state.permissions.has(REPO, ALICE)).toBe(true);
  });

  it.each(USER_FORMS)("under the user, with the user as %s", async (_form, user) => {
    const created = await client.create({ repository: `repositories/${REPO}`, user, parent: "user" });
    expect(plain(created)).toEqual(numeric(REPO, ALICE));
    expect(emulator.state.permissions.has(REPO, ALICE)).toBe(true);
  });

  it("sends one Create per call", async () => {
    await client.create({ repository: REPO, user: "@bob" });
    await client.create({ repository: REPO, user: "carol@example.com" }).catch(() => {});
    expect(emulator.counters.snapshot()).toEqual({ CreateExplicitRepoPermission: 2 });
    expect(statePairs(emulator)).toEqual([
      `repositories/${REPO}/explicitRepoPermissions/${BOB}`,
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);
  });
});

describe("delete", () => {
  it.each([
    ["id", `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`],
    ["@username", `repositories/${OTHER_REPO}/explicitRepoPermissions/@alice`],
    ["email", `repositories/${OTHER_REPO}/explicitRepoPermissions/alice@example.com`],
  ])("removes a permission named by %s", async (_form, name) => {
    await expect(client.delete(name)).resolves.toBeUndefined();
    expect(statePairs(emulator)).toEqual([]);
    expect(emulator.counters.snapshot()).toEqual({ DeleteExplicitRepoPermission: 1 });
  });
});

describe("listPage and list", () => {
  beforeEach(async () => {
    for (const user of [ALICE, BOB, CAROL]) await client.grant(REPO, user);
    await client.grant(125, ALICE);
    emulator.counters.reset();
  });

  it("lists a repository's users by numeric user id", async () => {
    const page = await client.listPage({ parent: `repositories/${REPO}` });
    expect(page.permissions.map(plain)).toEqual([
      numeric(REPO, ALICE),
      numeric(REPO, BOB),
      numeric(REPO, CAROL),
    ]);
    expect(page.nextPageToken).toBe("");
  });

  it.each([`users/${ALICE}`, "users/@alice", "users/alice@example.com"])(
    "lists a user's repositories with the parent %s",
    async (parent) => {
      const page = await client.listPage({ parent });
      expect(page.permissions.map(plain)).toEqual([
        numeric(REPO, ALICE),
        numeric(OTHER_REPO, ALICE),
        numeric(125, ALICE),
      ]);
      const all: ExplicitRepoPermission[] = [];
      for await (const permission of client.list({ parent, pageSize: 2 })) all.push(permission);
      expect(all.map(plain)).toEqual(page.permissions.map(plain));
    },
  );

  it("pages with page tokens, and a token from one user form continues the other's listing", async () => {
    const first = await client.listPage({ parent: "users/@alice", pageSize: 2 });
    expect(first.permissions.map(plain)).toEqual([numeric(REPO, ALICE), numeric(OTHER_REPO, ALICE)]);
    expect(first.nextPageToken).not.toBe("");
    const second = await client.listPage({
      parent: `users/${ALICE}`,
      pageSize: 2,
      pageToken: first.nextPageToken,
    });
    expect(second).toMatchObject({ permissions: [numeric(125, ALICE)], nextPageToken: "" });
  });

  it("lists the repository parent through list()", async () => {
    const users: string[] = [];
    for await (const permission of client.list({ parent: `repositories/${REPO}`, pageSize: 1 })) {
      users.push(permission.user);
    }
    expect(users).toEqual([`users/${ALICE}`, `users/${BOB}`, `users/${CAROL}`]);
    expect(emulator.counters.snapshot()).toEqual({ ListExplicitRepoPermissions: 3 });
  });

  it("answers an empty page for a repository without permissions", async () => {
    expect(await client.listPage({ parent: "repositories/2000" })).toEqual({
      permissions: [],
      nextPageToken: "",
    });
  });
});

describe("grant and revoke", () => {
  it.each(USER_FORMS)(
    "grant then revoke with the user as %s, each reporting whether it changed",
    async (_f, user) => {
      const first = await client.grant(REPO, user);
      expect(first.changed).toBe(true);
      expect(plain(first.permission)).toEqual(numeric(REPO, ALICE));
      expect(first.outcome).toBe("created");
      expect(await client.grant(`repositories/${REPO}`, user)).toEqual({
        outcome: "already-present",
        changed: false,
        permission: undefined,
      });
      expect(await client.revoke(REPO, user)).toEqual({ outcome: "deleted", changed: true });
      expect(await client.revoke(`repositories/${REPO}`, user)).toEqual({
        outcome: "already-absent",
        changed: false,
      });
      expect(emulator.state.permissions.has(REPO, ALICE)).toBe(false);
      expect(emulator.counters.snapshot()).toEqual({
        CreateExplicitRepoPermission: 2,
        DeleteExplicitRepoPermission: 2,
      });
    },
  );

  it("works in binary protobuf too", async () => {
    const binary = clientFor(emulator, "admin", { binary: true });
    const granted = await binary.grant(REPO, "@bob");
    expect(plain(granted.permission)).toEqual(numeric(REPO, BOB));
    expect(plain(await binary.get(`repositories/${REPO}/explicitRepoPermissions/bob@example.com`))).toEqual(
      numeric(REPO, BOB),
    );
    expect((await binary.listPage({ parent: "users/@bob" })).permissions.map(plain)).toEqual([
      numeric(REPO, BOB),
    ]);
    expect(await binary.revoke(REPO, BOB)).toEqual({ outcome: "deleted", changed: true });
  });

  it("accepts a legacy user:all token and the emulator audit-logs its use", async () => {
    const legacy = clientFor(emulator, "userAll");
    expect((await legacy.grant(REPO, "@bob")).changed).toBe(true);
    expect(emulator.state.audit.entries).toEqual([
      expect.objectContaining({ method: "CreateExplicitRepoPermission", username: "alice" }),
    ]);
  });
});

describe("replaceRepositoryPermissions", () => {
  beforeEach(async () => {
    await client.grant(REPO, ALICE);
    await client.grant(REPO, BOB);
    emulator.counters.reset();
  });

  it("makes the ACL exactly the given set, creating before deleting, and returns the diff", async () => {
    const result = await client.replaceRepositoryPermissions(REPO, ["@alice", "Carol@Example.com", " "]);
    expect(result).toEqual(
      replaceResult({
        created: [`users/${CAROL}`],
        deleted: [`users/${BOB}`],
        unchanged: [`users/${ALICE}`],
      }),
    );
    expect(statePairs(emulator)).toEqual([
      `repositories/${REPO}/explicitRepoPermissions/${ALICE}`,
      `repositories/${REPO}/explicitRepoPermissions/${CAROL}`,
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);
    // One List, one Get per user given by name (alice and carol), one Create, one Delete, and the List that
    // checks the result.
    expect(emulator.counters.snapshot()).toEqual({
      CreateExplicitRepoPermission: 1,
      DeleteExplicitRepoPermission: 1,
      GetExplicitRepoPermission: 2,
      ListExplicitRepoPermissions: 2,
    });
  });

  it("in a dry run reads, writes nothing and returns the same plan", async () => {
    const before = statePairs(emulator);
    const plan = await client.replaceRepositoryPermissions(REPO, [ALICE, "@carol"], { dryRun: true });
    expect(plan).toEqual(
      replaceResult({ created: ["users/@carol"], deleted: [`users/${BOB}`], unchanged: [`users/${ALICE}`] }),
    );
    expect(statePairs(emulator)).toEqual(before);
    expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(0);
    expect(emulator.counters.get("DeleteExplicitRepoPermission")).toBe(0);
    const done = await client.replaceRepositoryPermissions(REPO, [ALICE, "@carol"]);
    expect(done).toEqual(
      replaceResult({
        created: [`users/${CAROL}`],
        deleted: [`users/${BOB}`],
        unchanged: [`users/${ALICE}`],
      }),
    );
  });

  it("empties the ACL when given no user", async () => {
    const result = await client.replaceRepositoryPermissions(REPO, []);
    expect(result).toEqual(replaceResult({ deleted: [`users/${ALICE}`, `users/${BOB}`] }));
    expect(emulator.state.permissions.usersOf(REPO).ids).toEqual([]);
  });
});
