import { Code, ConnectError } from "@connectrpc/connect";
import { createConnection } from "@sgkit/core";
import type { Emulator } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import { replaceResult, statePairs } from "../../test/support/emulator.js";
import {
  type FaultRule,
  methods,
  type SampleInstance,
  sampleEmulator,
  TOKEN,
  type WireFault,
  wire,
} from "../../test/support/sample-emulator.js";
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
    expect(diff).toEqual(
      replaceResult({
        created: ["users/603", "users/604"],
        deleted: ["users/600"],
        unchanged: ["users/601", "users/602"],
      }),
    );
    expect(statePairs(emulator)).toEqual(acl(601, 602, 603, 604));
    // The last List checks the result.
    expect(methods(server.calls)).toEqual(["List", "Create", "Create", "Delete", "List"]);
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
    expect(diff).toEqual(
      replaceResult({ created: ["users/605"], unchanged: ["users/600", "users/601", "users/602"] }),
    );
    expect(statePairs(emulator)).toEqual(acl(600, 601, 602, 605));
    expect(methods(server.calls)).toEqual(["List", "Get", "Get", "Get", "Create", "List"]);
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
    // @user4 and users/604 are both created: one Create makes the change, the other meets its already_exists;
    // the user counts once, as created.
    expect(diff).toEqual(
      replaceResult({
        created: ["users/604"],
        deleted: ["users/601", "users/602"],
        unchanged: ["users/600"],
      }),
    );
  });

  it("computes the same diff in a dry run, and writes nothing", async () => {
    const { client, server, emulator } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [601, "@user5", "@user0"], { dryRun: true });
    expect(diff).toEqual(
      replaceResult({
        // Only a create would reveal @user5's id.
        created: ["users/@user5"],
        deleted: ["users/602"],
        unchanged: ["users/601", "users/600"],
      }),
    );
    expect(statePairs(emulator)).toEqual(acl(600, 601, 602));
    expect(methods(server.calls).every((m) => m === "List" || m === "Get")).toBe(true);
  });

  it("an empty set removes every explicit permission; blank entries are dropped", async () => {
    const { client, emulator } = await setup();
    const diff = await client.replaceRepositoryPermissions("repositories/123", ["", "  "]);
    expect(diff).toEqual(replaceResult({ deleted: ["users/600", "users/601", "users/602"] }));
    expect(statePairs(emulator)).toEqual([]);
  });

  it("changes nothing, with one List, when the ACL is already right", async () => {
    const { client, server } = await setup();
    const diff = await client.replaceRepositoryPermissions(123, [602, 600, 601]);
    expect(diff).toEqual(replaceResult({ unchanged: ["users/602", "users/600", "users/601"] }));
    // The listing held the set already: it is the check, no second List.
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
    // Three pages, then two for the check (200 left).
    expect(methods(server.calls).filter((m) => m === "List")).toHaveLength(5);
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
    expect(statePairs(emulator)).toEqual(acl(601, 603, 604, 605));
    // Every write's first attempt was applied and its answer lost; the retries met already_exists and
    // not_found. Those users are neither "unchanged" nor certainly this call's change: they have their own lists.
    expect(diff).toEqual(
      replaceResult({
        unchanged: ["users/601"],
        presentAfterRetry: ["users/603", "users/604", "users/605"],
        absentAfterRetry: ["users/600", "users/602"],
      }),
    );
  });
});

describe("replaceRepositoryPermissions' result says what the call knows it did", () => {
  it("a write applied by another writer between the read and the write is `alreadyPresent` / `alreadyAbsent`", async () => {
    let emulator: Emulator | undefined;
    // Just before the first attempt of these writes reaches the server, someone else makes the same change.
    const otherWriter: FaultRule = (call) => {
      if (call.method === "CreateExplicitRepoPermission") {
        const user = (call.request as { explicit_repo_permission: { user: string } }).explicit_repo_permission
          .user;
        if (user === "users/604") emulator?.state.permissions.add(123, 604);
      }
      if (
        call.method === "DeleteExplicitRepoPermission" &&
        String((call.request as { name: string }).name).endsWith("/600")
      ) {
        emulator?.state.permissions.delete(123, 600);
      }
      return undefined;
    };
    const started = await setup({ fault: otherWriter });
    emulator = started.emulator;
    const diff = await started.client.replaceRepositoryPermissions(123, [601, 602, 603, 604]);
    expect(diff).toEqual(
      replaceResult({
        created: ["users/603"],
        unchanged: ["users/601", "users/602"],
        alreadyPresent: ["users/604"],
        alreadyAbsent: ["users/600"],
      }),
    );
    // The end state is the one asked for: no interference.
    expect(statePairs(emulator)).toEqual(acl(601, 602, 603, 604));
  });

  it("a write retried after a failure that was never applied is still only `...AfterRetry`: the client cannot tell", async () => {
    // A 503 before the emulator sees the call, then the pair appears (another writer), then the retry.
    let emulator: Emulator | undefined;
    const fault: FaultRule = (call, index) => {
      if (call.method !== "CreateExplicitRepoPermission") return undefined;
      if (index === 2) {
        emulator?.state.permissions.add(123, 603);
        return { error: new ConnectError("busy", Code.Unavailable) };
      }
      return undefined;
    };
    const started = await setup({ fault });
    emulator = started.emulator;
    const diff = await started.client.replaceRepositoryPermissions(123, [600, 601, 602, 603]);
    expect(diff).toEqual(
      replaceResult({ unchanged: ["users/600", "users/601", "users/602"], presentAfterRetry: ["users/603"] }),
    );
  });
});

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/**
 * A fetch wrapper that holds every call of `method` until `until` resolves; `seen` names the calls that reached
 * it, held ones included, shortened as by `methods`, and `reached(n)` resolves once `n` calls have.
 */
function holding(method: string, until: Promise<void>) {
  const seen: string[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const wrap =
    (inner: typeof globalThis.fetch): typeof globalThis.fetch =>
    async (input, init) => {
      const name = String(input).split("/").at(-1) ?? "";
      seen.push(name.replace("ExplicitRepoPermissions", "").replace("ExplicitRepoPermission", ""));
      for (const waiter of waiting) if (seen.length >= waiter.count) waiter.resolve();
      if (name === method) await until;
      return inner(input, init);
    };
  const reached = (count: number) =>
    new Promise<void>((resolve) => {
      if (seen.length >= count) resolve();
      else waiting.push({ count, resolve });
    });
  return { wrap, seen, reached };
}

describe("replaceRepositoryPermissions is not atomic: concurrent replaces", () => {
  // Users 600..603 can read 123; one replace wants {604, 605}, the other {606, 607}.
  const start = { permissions: [600, 601, 602, 603].map((user) => ({ repository: 123, user })) };

  it("of one repository in one client take turns, in the order they were called, and end in the last set", async () => {
    const { client, server, emulator } = await setup(start);
    const [first, second] = await Promise.all([
      client.replaceRepositoryPermissions(123, [604, 605]),
      client.replaceRepositoryPermissions(123, [606, 607]),
    ]);
    expect(statePairs(emulator)).toEqual(acl(606, 607));
    expect(first).toEqual(
      replaceResult({
        created: ["users/604", "users/605"],
        deleted: ["users/600", "users/601", "users/602", "users/603"],
      }),
    );
    // The second read the ACL the first left: it took 604 and 605 away, and reports nothing of 600..603.
    expect(second).toEqual(
      replaceResult({ created: ["users/606", "users/607"], deleted: ["users/604", "users/605"] }),
    );
    // Every call of the first (its check included) before the second's first List.
    expect(methods(server.calls)).toEqual([
      ...["List", "Create", "Create", "Delete", "Delete", "Delete", "Delete", "List"],
      ...["List", "Create", "Create", "Delete", "Delete", "List"],
    ]);
  });

  it("take turns across the clients of one Connection, and not between repositories", async () => {
    const emulator = await sampleEmulator({
      users,
      permissions: [600, 601, 602, 603].flatMap((user) => [
        { repository: 123, user },
        { repository: 124, user },
      ]),
    });
    const release = gate();
    const held = holding("CreateExplicitRepoPermission", release.opened);
    const connection = createConnection({
      endpoint: emulator.url,
      token: TOKEN,
      fetch: held.wrap(wire(emulator).fetch),
      retry: { budget: false },
    });
    const one = createPermissionsClient(connection);
    const two = createPermissionsClient(connection);
    const first = one.replaceRepositoryPermissions(123, [604, 605]);
    const second = two.replaceRepositoryPermissions(123, [606, 607]);
    const elsewhere = two.replaceRepositoryPermissions(124, [604]);
    // The first replace of 123 and the replace of 124 list and send their Creates (held here); the second replace
    // of 123 waits its turn: no third List.
    await held.reached(5);
    expect([...held.seen].sort()).toEqual(["Create", "Create", "Create", "List", "List"]);
    release.open();
    await Promise.all([first, second, elsewhere]);
    expect(statePairs(emulator)).toEqual([...acl(606, 607), "repositories/124/explicitRepoPermissions/604"]);
    expect((await second).deleted).toEqual(["users/604", "users/605"]);
  });

  it("with `serialize: false`, a call does not wait its turn", async () => {
    const release = gate();
    const held = holding("CreateExplicitRepoPermission", release.opened);
    const { client, emulator } = await setup(start, {}, held.wrap);
    const first = client.replaceRepositoryPermissions(123, [604]);
    const second = client.replaceRepositoryPermissions(123, [605], { serialize: false });
    await held.reached(4);
    expect([...held.seen].sort()).toEqual(["Create", "Create", "List", "List"]);
    release.open();
    const results = await Promise.all([first, second]);
    // Both read {600..603}: the ACL ends in the union, and the interference is reported.
    expect(statePairs(emulator)).toEqual(acl(604, 605));
    expect(results.some((result) => result.interference !== undefined)).toBe(true);
  });

  it("from two connections, as from two processes, interleave, and both results report the interference", async () => {
    // Two clients of separate connections: the queue of one cannot order the other's calls.
    const emulator = await sampleEmulator({ users, ...start });
    // Neither writes before both have read {600..603}, and neither checks before both have written: the
    // interleaving of issue 13, which ended in {604..607} with both reporting success.
    const bothRead = gate();
    const bothWrote = gate();
    let reads = 0;
    let checks = 0;
    const client = (wants: number[]) => {
      let read = false;
      let checking = false;
      const fetch: typeof globalThis.fetch = async (input, init) => {
        const method = String(input).split("/").at(-1);
        if (method === "ListExplicitRepoPermissions" && !read) {
          read = true;
          const response = await emulator.fetch(new Request(input, init));
          if (++reads === 2) bothRead.open();
          return response;
        }
        if (method !== "ListExplicitRepoPermissions") await bothRead.opened;
        // The second List is the check, after this client's writes.
        if (method === "ListExplicitRepoPermissions" && !checking) {
          checking = true;
          if (++checks === 2) bothWrote.open();
          await bothWrote.opened;
        }
        return emulator.fetch(new Request(input, init));
      };
      return createPermissionsClient({
        endpoint: emulator.url,
        token: TOKEN,
        fetch,
      }).replaceRepositoryPermissions(123, wants);
    };
    const [first, second] = await Promise.all([client([604, 605]), client([606, 607])]);
    expect(statePairs(emulator)).toEqual(acl(604, 605, 606, 607));
    const union = ["users/604", "users/605", "users/606", "users/607"];
    expect(first.interference).toEqual({
      expected: ["users/604", "users/605"],
      actual: union,
      missing: [],
      extra: ["users/606", "users/607"],
    });
    expect(second.interference).toEqual({
      expected: ["users/606", "users/607"],
      actual: union,
      missing: [],
      extra: ["users/604", "users/605"],
    });
    // Each deleted 600..603 or found them gone: never "unchanged".
    for (const result of [first, second]) {
      expect(result.unchanged).toEqual([]);
      expect([...result.deleted, ...result.alreadyAbsent].sort()).toEqual([
        "users/600",
        "users/601",
        "users/602",
        "users/603",
      ]);
    }
  });

  it("reports a change made by someone else between its writes and its check", async () => {
    let emulator: Emulator | undefined;
    let lists = 0;
    // Just before the check (the second List), another writer gives 600 access back and takes 605's away.
    const fault: FaultRule = (call) => {
      if (call.method === "ListExplicitRepoPermissions" && ++lists === 2) {
        emulator?.state.permissions.add(123, 600);
        emulator?.state.permissions.delete(123, 605);
      }
      return undefined;
    };
    const started = await setup({ ...start, fault });
    emulator = started.emulator;
    const result = await started.client.replaceRepositoryPermissions(123, [604, "@user5", 601]);
    expect(result).toEqual(
      replaceResult({
        created: ["users/604", "users/605"],
        deleted: ["users/600", "users/602", "users/603"],
        unchanged: ["users/601"],
        interference: {
          expected: ["users/601", "users/604", "users/605"],
          actual: ["users/600", "users/601", "users/604"],
          missing: ["users/605"],
          extra: ["users/600"],
        },
      }),
    );
  });

  it("an abort while waiting for the turn rejects at once with the reason, and the turns keep their order", async () => {
    const release = gate();
    const held = holding("CreateExplicitRepoPermission", release.opened);
    const { client, emulator } = await setup(start, {}, held.wrap);
    const controller = new AbortController();
    const reason = new Error("not now");
    const first = client.replaceRepositoryPermissions(123, [604]);
    const aborted = client.replaceRepositoryPermissions(123, [605], { signal: controller.signal });
    const third = client.replaceRepositoryPermissions(123, [606]);
    await held.reached(2);
    expect(held.seen).toEqual(["List", "Create"]);
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    // The third still waits for the first.
    expect(held.seen).toEqual(["List", "Create"]);
    release.open();
    await first;
    expect((await third).deleted).toEqual(["users/604"]);
    expect(statePairs(emulator)).toEqual(acl(606));
  });
});
