import { mapConcurrent } from "@sgkit/core/internal";
// Pagination over real HTTP: page_size 1 over 250 grants, each seen exactly once, one List call per page.
import { describe, expect, it } from "vitest";
import { BULK_REPOS, BULK_USERS, clientFor, REPO, startTestEmulator } from "./support/emulator.js";

describe("list with page_size 1 over 250 grants", () => {
  it("sees every user of a repository exactly once, in 250 List calls", async () => {
    const emulator = await startTestEmulator();
    const client = clientFor(emulator);
    const grants = await mapConcurrent(BULK_USERS, 8, (user) => client.grant(REPO, user));
    expect(grants.every((grant) => grant.changed)).toBe(true);
    expect(emulator.counters.snapshot()).toEqual({ CreateExplicitRepoPermission: 250 });
    emulator.counters.reset();

    const seen: string[] = [];
    for await (const permission of client.list({ parent: `repositories/${REPO}`, pageSize: 1 })) {
      expect(permission.repository).toBe(`repositories/${REPO}`);
      seen.push(permission.user);
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual(BULK_USERS.map((id) => `users/${id}`));
    // The emulator looks one item ahead, so the 250th page already says it is the last: no empty 251st page.
    expect(emulator.counters.snapshot()).toEqual({ ListExplicitRepoPermissions: 250 });
  });

  it("sees every repository of a user exactly once, with the user named by username", async () => {
    const emulator = await startTestEmulator();
    const client = clientFor(emulator);
    await mapConcurrent(BULK_REPOS, 8, (repository) =>
      client.create({ repository, user: "@user1000", parent: "user" }),
    );
    emulator.counters.reset();

    const seen: string[] = [];
    for await (const permission of client.list({ parent: "users/@user1000", pageSize: 1 })) {
      expect(permission.user).toBe("users/1000");
      seen.push(permission.repository);
    }
    expect(seen).toEqual(BULK_REPOS.map((id) => `repositories/${id}`));
    expect(emulator.counters.snapshot()).toEqual({ ListExplicitRepoPermissions: 250 });
  });

  it("stays exact while permissions change between pages (the cursor is an id, not an offset)", async () => {
    const emulator = await startTestEmulator();
    const client = clientFor(emulator);
    await mapConcurrent(BULK_USERS, 8, (user) => client.grant(REPO, user));

    const seen: string[] = [];
    let index = 0;
    for await (const permission of client.list({ parent: `repositories/${REPO}`, pageSize: 1 })) {
      seen.push(permission.user);
      // Revoke a user already seen: an offset-based listing would then skip the next one.
      if (index % 10 === 0) await client.revoke(REPO, BULK_USERS[index] as number);
      index++;
    }
    expect(seen).toEqual(BULK_USERS.map((id) => `users/${id}`));
  });
});
