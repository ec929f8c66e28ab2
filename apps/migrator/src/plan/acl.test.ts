import { type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import {
  createPermissionsClient,
  InvalidResourceNameError,
  NotFoundError,
  type PermissionsClient,
} from "@sgkit/permissions";
import { describe, expect, it, onTestFinished } from "vitest";
import { MigratorError } from "../migrator-error.js";
import { aclFingerprint, diffAcl, LIST_PAGE_SIZE, readCurrentAcl } from "./acl.js";

// The largest id the API has: ids are 32-bit signed integers on the server.
const BIG_ID = 2 ** 31 - 1;
const ADMIN_ID = 1;
const TOKEN = "acl-test-token";
const ENDPOINT = "https://sourcegraph.example.com";

/** One HTTP API call as it left the client: its procedure and its JSON body. */
interface SentCall {
  readonly method: string;
  readonly request: Record<string, unknown>;
}

/**
 * An emulator of `seed` (plus an admin whose token reads the HTTP API), called in process through a fetch that
 * records every request, and a client on it. Stopped after the test.
 */
async function emulated(seed: Pick<EmulatorSeed, "users" | "repositories" | "permissions">) {
  const emulator = await startEmulator({
    listen: false,
    seed: {
      ...seed,
      users: [{ id: ADMIN_ID, username: "admin", siteAdmin: true }, ...(seed.users ?? [])],
      tokens: [{ name: "admin", user: ADMIN_ID, scopes: ["externalapi:read"], value: TOKEN }],
    },
  });
  onTestFinished(() => emulator.stop());
  const calls: SentCall[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    calls.push({
      method: new URL(request.url).pathname.split("/").at(-1) ?? "",
      request: (await request.clone().json()) as Record<string, unknown>,
    });
    return emulator.fetch(request);
  };
  // emulator.fetch serves any URL; an https one keeps the client's refusal to send a token over plain HTTP to a
  // host that is not loopback (which `http://emulator.invalid`, the url of an emulator that does not listen, is).
  const client = createPermissionsClient({ endpoint: ENDPOINT, token: TOKEN, fetch, retry: false });
  return { emulator, calls, client };
}

/** Repository 7 holds `count` users (ids 100…), repository 8 holds two others. */
async function instance(count: number) {
  const ids = Array.from({ length: count }, (_, i) => 100 + i);
  const fixture = await emulated({
    users: [...ids, 100_000, 100_001].map((id) => ({ id, username: `user${id}` })),
    repositories: [7, 8].map((id) => ({ id, name: `github.com/acme/r${id}` })),
    permissions: [
      ...ids.map((user) => ({ repository: 7, user })),
      { repository: 8, user: 100_000 },
      { repository: 8, user: 100_001 },
    ],
  });
  return { ...fixture, ids };
}

describe("readCurrentAcl", () => {
  it("asks for pages of LIST_PAGE_SIZE and follows every page, one call each", async () => {
    expect(LIST_PAGE_SIZE).toBe(1000);
    const { emulator, calls, ids, client } = await instance(2500);
    const acl = await readCurrentAcl(client, 7);
    expect([...acl].sort((a, b) => a - b)).toEqual(ids);
    expect(calls.map((call) => call.method)).toEqual([
      "ListExplicitRepoPermissions",
      "ListExplicitRepoPermissions",
      "ListExplicitRepoPermissions",
    ]);
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(3);
    const requests = calls.map((call) => call.request);
    for (const request of requests) {
      expect(request.parent).toBe("repositories/7");
      expect(request.page_size).toBe(LIST_PAGE_SIZE);
    }
    // The first call carries no token, each later one the token the page before answered with.
    expect(requests[0]?.page_token ?? "").toBe("");
    expect(typeof requests[1]?.page_token).toBe("string");
    expect(requests[1]?.page_token).not.toBe("");
    expect(typeof requests[2]?.page_token).toBe("string");
    expect(requests[2]?.page_token).not.toBe(requests[1]?.page_token);
  });

  it("makes one call when the ACL fits a page, and stops at an exact page boundary", async () => {
    const small = await instance(5);
    expect((await readCurrentAcl(small.client, 7)).size).toBe(5);
    expect(small.calls).toHaveLength(1);
    expect(small.emulator.counters.get("ListExplicitRepoPermissions")).toBe(1);

    const boundary = await instance(2 * LIST_PAGE_SIZE);
    expect((await readCurrentAcl(boundary.client, 7)).size).toBe(2 * LIST_PAGE_SIZE);
    expect(boundary.calls).toHaveLength(2);
    expect(boundary.emulator.counters.get("ListExplicitRepoPermissions")).toBe(2);
  });

  it("reads a repository with no explicit grants as an empty set, in one call", async () => {
    const { emulator, calls, client } = await instance(0);
    const acl = await readCurrentAcl(client, 7);
    expect(acl).toEqual(new Set());
    expect(calls).toHaveLength(1);
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(1);
  });

  it("gives numeric ids, large ones included, and only the asked repository's", async () => {
    const big = await emulated({
      users: [
        { id: 2, username: "two" },
        { id: BIG_ID, username: "big" },
      ],
      repositories: [{ id: BIG_ID, name: "github.com/acme/big" }],
      permissions: [
        { repository: BIG_ID, user: BIG_ID },
        { repository: BIG_ID, user: 2 },
      ],
    });
    expect(await readCurrentAcl(big.client, BIG_ID)).toEqual(new Set([2, BIG_ID]));
    expect(big.calls[0]?.request.parent).toBe(`repositories/${BIG_ID}`);
    const { client } = await instance(3);
    expect(await readCurrentAcl(client, 8)).toEqual(new Set([100_000, 100_001]));
  });

  it("passes the API's error on for a repository the instance does not have", async () => {
    const { client } = await instance(3);
    await expect(readCurrentAcl(client, 9)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stops with the signal's reason", async () => {
    const { emulator, calls, client } = await instance(3);
    const reason = new Error("stop");
    await expect(readCurrentAcl(client, 7, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toHaveLength(0);
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
  });

  it("refuses a user the server names by username rather than by numeric id, naming the repository", async () => {
    const { client } = await instance(3);
    // A server that breaks the API's promise of numeric ids: every user comes back as `users/@name`.
    const byName: PermissionsClient = {
      ...client,
      list: (request, options) => ({
        async *[Symbol.asyncIterator]() {
          for await (const permission of client.list(request, options)) {
            yield { ...permission, user: permission.user.replace(/^users\/(\d+)$/, "users/@user$1") };
          }
        },
      }),
    };
    const error = await readCurrentAcl(byName, 7).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigratorError);
    expect((error as Error).message).toBe(
      'ListExplicitRepoPermissions of repositories/7 named a user "users/@user100", not by the numeric id Sourcegraph\'s HTTP API gives: check that SRC_ENDPOINT / --endpoint is a Sourcegraph instance.',
    );
  });

  it("refuses a user name that is no resource name at all", async () => {
    const { client } = await instance(1);
    const broken: PermissionsClient = {
      ...client,
      list: (request, options) => ({
        async *[Symbol.asyncIterator]() {
          for await (const permission of client.list(request, options))
            yield { ...permission, user: "people/100" };
        },
      }),
    };
    await expect(readCurrentAcl(broken, 7)).rejects.toBeInstanceOf(InvalidResourceNameError);
  });
});

describe("aclFingerprint", () => {
  it("ignores order and tells different ACLs apart", () => {
    expect(aclFingerprint([3, 1, 2])).toBe(aclFingerprint(new Set([1, 2, 3])));
    expect(aclFingerprint([1, 2])).not.toBe(aclFingerprint([1, 2, 3]));
    expect(aclFingerprint([12])).not.toBe(aclFingerprint([1, 2]));
    expect(aclFingerprint([])).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("diffAcl", () => {
  it("creates what is desired and missing, deletes what is there and not desired, both ascending", () => {
    expect(diffAcl(new Set([5, 1, 9, 3]), new Set([3, 7, 2, 9]))).toEqual({
      create: [1, 5],
      delete: [2, 7],
      unchanged: 2,
    });
  });

  it("is empty when the ACLs match, and empties an ACL when nothing is desired", () => {
    expect(diffAcl(new Set([1, 2]), new Set([2, 1]))).toEqual({ create: [], delete: [], unchanged: 2 });
    expect(diffAcl(new Set(), new Set([4, 3]))).toEqual({ create: [], delete: [3, 4], unchanged: 0 });
  });

  it("sorts numerically, not as text", () => {
    expect(diffAcl(new Set([10, 9, 100]), new Set()).create).toEqual([9, 10, 100]);
  });
});
