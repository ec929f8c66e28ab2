import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  type FaultRule,
  methods,
  type SampleInstance,
  sampleEmulator,
  TOKEN,
  type WireFault,
  wire,
} from "../../test/sample-emulator.js";
import { statePairs } from "../../test/support/emulator.js";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { createPermissionsClient, type PermissionsClientOptions } from "./create-permissions-client.js";

const users = Array.from({ length: 8 }, (_, i) => ({
  id: 600 + i,
  username: `user${i}`,
  email: `user${i}@example.com`,
}));
const acl = (...ids: number[]) => ids.map((id) => `repositories/123/explicitRepoPermissions/${id}`);

/**
 * A client of an emulator where users 600 to 602 can read repository 123; `fault` and `wrap` stand between them.
 */
async function setup(
  instance: SampleInstance & { fault?: FaultRule } = {},
  options: Partial<PermissionsClientOptions> = {},
  wrap: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch = (f) => f,
) {
  const { fault, ...seed } = instance;
  const emulator = await sampleEmulator({
    users,
    permissions: [600, 601, 602].map((user) => ({ repository: 123, user })),
    ...seed,
  });
  const server = wire(emulator, fault);
  const client = createPermissionsClient({
    endpoint: emulator.url,
    fetch: wrap(server.fetch),
    token: TOKEN,
    retry: { budget: false },
    internal: { sleep: async () => {} },
    ...options,
  });
  return { emulator, server, client };
}

describe("replaceRepositoryPermissions", () => {
  it("sets the ACL to exactly the given users: creates first, then deletes", async () => {
    const { client, server, emulator } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [601, "users/603", "604", 602]);
    expect(diff).toEqual({
      created: ["users/603", "users/604"],
      deleted: ["users/600"],
      unchanged: ["users/601", "users/602"],
    });
    expect(statePairs(emulator)).toEqual(acl(601, 602, 603, 604));
    expect(methods(server.calls)).toEqual(["List", "Create", "Create", "Delete"]);
  });

  it("never starts a delete before every create has finished, whatever the concurrency", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const slow =
      (inner: typeof globalThis.fetch): typeof globalThis.fetch =>
      async (input, init) => {
        const method = String(input).split("/").at(-1);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        order.push(`${method} start`);
        // Let the other workers run before this call completes.
        for (let i = 0; i < 5; i++) await Promise.resolve();
        try {
          const response = await inner(input, init);
          order.push(`${method} done`);
          return response;
        } finally {
          inFlight--;
        }
      };
    const { client, emulator } = await setup(
      { permissions: [600, 601, 602, 603].map((user) => ({ repository: 123, user })) },
      {},
      slow,
    );
    await client.replaceRepositoryPermissions(123, [604, 605, 606, 607], { concurrency: 3 });
    expect(statePairs(emulator)).toEqual(acl(604, 605, 606, 607));
    const lastCreateDone = order.lastIndexOf("CreateExplicitRepoPermission done");
    const firstDeleteStart = order.indexOf("DeleteExplicitRepoPermission start");
    expect(order.filter((o) => o === "CreateExplicitRepoPermission done")).toHaveLength(4);
    expect(order.filter((o) => o === "DeleteExplicitRepoPermission done")).toHaveLength(4);
    expect(lastCreateDone).toBeGreaterThan(0);
    expect(lastCreateDone).toBeLessThan(firstDeleteStart);
    // Creates did overlap each other: the phases are ordered, not the calls serialized.
    expect(
      order.slice(0, 4).filter((o) => o === "CreateExplicitRepoPermission start").length,
    ).toBeGreaterThan(1);
    expect(maxInFlight).toBe(3);
  });

  it("resolves users given by @username or email through Get, so they are compared by numeric id", async () => {
    const { client, server, emulator } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [
      "@user0",
      "user1@example.com",
      "@user5",
      602,
    ]);
    expect(diff).toEqual({
      created: ["users/605"],
      deleted: [],
      unchanged: ["users/600", "users/601", "users/602"],
    });
    expect(statePairs(emulator)).toEqual(acl(600, 601, 602, 605));
    expect(methods(server.calls)).toEqual(["List", "Get", "Get", "Get", "Create"]);
  });

  it("counts one user given in two forms once", async () => {
    const { client } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [
      "@user0",
      600,
      "user0@example.com",
      "@user4",
      "users/604",
    ]);
    expect(diff).toEqual({
      created: ["users/604"],
      deleted: ["users/601", "users/602"],
      unchanged: ["users/600"],
    });
  });

  it("computes the same diff in a dry run, and writes nothing", async () => {
    const { client, server, emulator } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [601, "@user5", "@user0"], { dryRun: true });
    expect(diff).toEqual({
      // Only a create would reveal @user5's id.
      created: ["users/@user5"],
      deleted: ["users/602"],
      unchanged: ["users/601", "users/600"],
    });
    expect(statePairs(emulator)).toEqual(acl(600, 601, 602));
    expect(methods(server.calls).every((m) => m === "List" || m === "Get")).toBe(true);
  });

  it("an empty set removes every explicit permission; blank entries are dropped", async () => {
    const { client, emulator } = await setup();
    const diff = await client.replaceRepositoryPermissions("repositories/123", ["", "  "]);
    expect(diff).toEqual({ created: [], deleted: ["users/600", "users/601", "users/602"], unchanged: [] });
    expect(statePairs(emulator)).toEqual([]);
  });

  it("changes nothing, with one List, when the ACL is already right", async () => {
    const { client, server } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [602, 600, 601]);
    expect(diff).toEqual({ created: [], deleted: [], unchanged: ["users/602", "users/600", "users/601"] });
    expect(methods(server.calls)).toEqual(["List"]);
  });

  it("validates every user before the first call", async () => {
    const { client, server } = await setup();
    await expect(client.replaceRepositoryPermissions(123, [603, "user4"])).rejects.toBeInstanceOf(
      InvalidResourceNameError,
    );
    await expect(client.replaceRepositoryPermissions("repo", [603])).rejects.toBeInstanceOf(
      InvalidResourceNameError,
    );
    await expect(client.replaceRepositoryPermissions(123, [603], { concurrency: 0 })).rejects.toThrow(
      RangeError,
    );
    expect(server.calls).toEqual([]);
  });

  it("stops before any delete when a create fails", async () => {
    const { client, server, emulator } = await setup({
      fault: (call) =>
        call.method === "CreateExplicitRepoPermission"
          ? { error: new ConnectError("no", Code.PermissionDenied) }
          : undefined,
    });
    await expect(client.replaceRepositoryPermissions(123, [603])).rejects.toMatchObject({
      code: "permission_denied",
    });
    expect(statePairs(emulator)).toEqual(acl(600, 601, 602));
    expect(methods(server.calls)).not.toContain("Delete");
  });

  it("fails for a user the server does not know, rather than dropping it", async () => {
    const { client, emulator } = await setup();
    await expect(client.replaceRepositoryPermissions(123, ["@nobody"])).rejects.toMatchObject({
      code: "not_found",
    });
    expect(statePairs(emulator)).toEqual(acl(600, 601, 602));
  });

  it("follows every page of a large ACL", async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ id: 1000 + i, username: `m${i}` }));
    const { client, server, emulator } = await setup(
      { users: many, permissions: many.map((u) => ({ repository: 123, user: u.id })) },
      {},
    );
    const keep = many.slice(0, 200).map((u) => u.id);
    const diff = await client.replaceRepositoryPermissions(123, keep, { pageSize: 100, concurrency: 8 });
    expect(diff.deleted).toHaveLength(50);
    expect(diff.unchanged).toHaveLength(200);
    expect(statePairs(emulator)).toHaveLength(200);
    expect(methods(server.calls).filter((m) => m === "List")).toHaveLength(3);
  });

  it("converges to the exact state and an exact diff when write answers are lost and retried", async () => {
    const seen = new Set<string>();
    const loseFirstAnswer: FaultRule = (call): WireFault | undefined => {
      const key = `${call.method} ${JSON.stringify(call.request)}`;
      if (!/Create|Delete/.test(call.method) || seen.has(key)) return undefined;
      seen.add(key);
      return { error: new ConnectError("connection reset", Code.Unavailable), when: "after" };
    };
    const { client, emulator } = await setup({ fault: loseFirstAnswer });
    const diff = await client.replaceRepositoryPermissions(123, [601, 603, "@user4", "user5@example.com"]);
    expect(diff).toEqual({
      created: ["users/603", "users/604", "users/605"],
      deleted: ["users/600", "users/602"],
      unchanged: ["users/601"],
    });
    expect(statePairs(emulator)).toEqual(acl(601, 603, 604, 605));
  });
});
