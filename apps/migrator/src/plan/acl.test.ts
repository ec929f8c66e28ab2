import {
  createPermissionsClient,
  InvalidResourceNameError,
  NotFoundError,
  type PermissionsClient,
} from "@sgkit/permissions";
import { createInMemoryPermissionsTransport, type InMemoryPermissionsOptions } from "@sgkit/permissions/test";
import { describe, expect, it } from "vitest";
import { MigratorError } from "../migrator-error.js";
import { aclFingerprint, diffAcl, LIST_PAGE_SIZE, readCurrentAcl } from "./acl.js";

// The largest id the API has: ids are 32-bit signed integers on the server.
const BIG_ID = 2 ** 31 - 1;

/** Repository 7 holds `count` users (ids 100…), repository 8 holds two others; pages of at most `maxPageSize`. */
function instance(count: number, maxPageSize = 100, options: InMemoryPermissionsOptions = {}) {
  const ids = Array.from({ length: count }, (_, i) => 100 + i);
  const server = createInMemoryPermissionsTransport({
    users: [...ids, 900, 901].map((id) => ({ id, username: `user${id}` })),
    repositories: [7, 8],
    permissions: [
      ...ids.map((user) => ({ repository: 7, user })),
      { repository: 8, user: 900 },
      { repository: 8, user: 901 },
    ],
    maxPageSize,
    ...options,
  });
  return { server, ids, client: createPermissionsClient({ transport: server.transport, retry: false }) };
}

describe("readCurrentAcl", () => {
  it("asks for pages of LIST_PAGE_SIZE and follows every page, one call each", async () => {
    const { server, ids, client } = instance(8, 3);
    const acl = await readCurrentAcl(client, 7);
    expect([...acl].sort((a, b) => a - b)).toEqual(ids);
    expect(server.calls.map((call) => call.method)).toEqual([
      "ListExplicitRepoPermissions",
      "ListExplicitRepoPermissions",
      "ListExplicitRepoPermissions",
    ]);
    const requests = server.calls.map((call) => call.request as Record<string, unknown>);
    for (const request of requests) {
      expect(request.parent).toBe("repositories/7");
      expect(request.page_size).toBe(LIST_PAGE_SIZE);
    }
    expect(LIST_PAGE_SIZE).toBe(1000);
    // The first call carries no token, each later one the token the page before answered with.
    expect(requests[0]?.page_token).toBeUndefined();
    expect(typeof requests[1]?.page_token).toBe("string");
    expect(requests[2]?.page_token).not.toBe(requests[1]?.page_token);
  });

  it("makes one call when the ACL fits a page, and stops at an exact page boundary", async () => {
    const small = instance(5);
    expect((await readCurrentAcl(small.client, 7)).size).toBe(5);
    expect(small.server.calls).toHaveLength(1);

    const boundary = instance(6, 3);
    expect((await readCurrentAcl(boundary.client, 7)).size).toBe(6);
    expect(boundary.server.calls).toHaveLength(2);
  });

  it("reads a repository with no explicit grants as an empty set, in one call", async () => {
    const { server, client } = instance(0);
    const acl = await readCurrentAcl(client, 7);
    expect(acl).toEqual(new Set());
    expect(server.calls).toHaveLength(1);
  });

  it("gives numeric ids, large ones included, and only the asked repository's", async () => {
    const server = createInMemoryPermissionsTransport({
      users: [
        { id: 1, username: "one" },
        { id: BIG_ID, username: "big" },
      ],
      repositories: [BIG_ID],
      permissions: [
        { repository: BIG_ID, user: BIG_ID },
        { repository: BIG_ID, user: 1 },
      ],
    });
    const acl = await readCurrentAcl(createPermissionsClient({ transport: server.transport }), BIG_ID);
    expect(acl).toEqual(new Set([1, BIG_ID]));
    const { client } = instance(3);
    expect(await readCurrentAcl(client, 8)).toEqual(new Set([900, 901]));
  });

  it("passes the API's error on for a repository the instance does not have", async () => {
    const { client } = instance(3);
    await expect(readCurrentAcl(client, 9)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stops with the signal's reason", async () => {
    const { server, client } = instance(3);
    const reason = new Error("stop");
    await expect(readCurrentAcl(client, 7, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.calls).toHaveLength(0);
  });

  it("refuses a user the server names by username rather than by numeric id, naming the repository", async () => {
    const { client } = instance(3);
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
    const { client } = instance(1);
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
