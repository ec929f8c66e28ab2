import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { sampleInstance } from "../../test/sample-instance.js";
import { Service } from "../gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
import { createInMemoryPermissionsTransport } from "./create-in-memory-permissions-transport.js";

/** A bare Connect client, so that the service is tested without the sgkit client's own checks. */
function bare(options = sampleInstance()) {
  const server = createInMemoryPermissionsTransport(options);
  return { server, rpc: createClient(Service, server.transport) };
}

async function code(promise: Promise<unknown>): Promise<Code | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof ConnectError ? error.code : undefined),
  );
}

describe("createInMemoryPermissionsTransport", () => {
  it("resolves every user form and answers with numeric ids", async () => {
    const { rpc } = bare();
    for (const user of ["users/457", "users/@bob", "users/Bob@Example.com"]) {
      const created = await rpc.createExplicitRepoPermission({
        parent: "repositories/124",
        explicitRepoPermission: { user },
      });
      expect(created).toMatchObject({
        name: "repositories/124/explicitRepoPermissions/457",
        user: "users/457",
      });
      await rpc.deleteExplicitRepoPermission({ name: created.name });
    }
    // Emails are case-sensitive.
    expect(
      await code(
        rpc.createExplicitRepoPermission({
          parent: "repositories/124",
          explicitRepoPermission: { user: "users/bob@example.com" },
        }),
      ),
    ).toBe(Code.NotFound);
  });

  it("answers already_exists, not_found and invalid_argument as documented", async () => {
    const { rpc } = bare();
    const create = (user: string) =>
      rpc.createExplicitRepoPermission({ parent: "repositories/123", explicitRepoPermission: { user } });
    expect(await code(create("users/456"))).toBe(Code.AlreadyExists);
    expect(
      await code(rpc.deleteExplicitRepoPermission({ name: "repositories/124/explicitRepoPermissions/456" })),
    ).toBe(Code.NotFound);
    expect(await code(create("alice"))).toBe(Code.InvalidArgument);
    expect(await code(create(""))).toBe(Code.InvalidArgument);
    expect(
      await code(rpc.createExplicitRepoPermission({ parent: "users/@alice", explicitRepoPermission: {} })),
    ).toBe(Code.InvalidArgument);
    expect(
      await code(rpc.getExplicitRepoPermission({ name: "repositories/999/explicitRepoPermissions/456" })),
    ).toBe(Code.NotFound);
  });

  it("pages with opaque tokens tied to their parent", async () => {
    const users = Array.from({ length: 5 }, (_, i) => ({ id: 10 + i, username: `u${i}` }));
    const { rpc } = bare(
      sampleInstance({
        users,
        permissions: users.map((u) => ({ repository: 123, user: u.id })),
        defaultPageSize: 2,
        maxPageSize: 3,
      }),
    );
    const first = await rpc.listExplicitRepoPermissions({ parent: "repositories/123" });
    expect(first.explicitRepoPermissions).toHaveLength(2);
    const second = await rpc.listExplicitRepoPermissions({
      parent: "repositories/123",
      pageSize: 10,
      pageToken: first.nextPageToken,
    });
    expect(second.explicitRepoPermissions.map((p) => p.user)).toEqual(["users/12", "users/13", "users/14"]);
    expect(second.nextPageToken).toBe("");
    expect(
      await code(
        rpc.listExplicitRepoPermissions({ parent: "repositories/124", pageToken: first.nextPageToken }),
      ),
    ).toBe(Code.InvalidArgument);
    expect(
      await code(rpc.listExplicitRepoPermissions({ parent: "repositories/123", pageToken: "garbage" })),
    ).toBe(Code.InvalidArgument);
  });

  it("refuses unknown tokens and unlicensed instances", async () => {
    expect(
      await code(
        bare(sampleInstance({ tokens: ["a"] })).rpc.getExplicitRepoPermission({
          name: "repositories/123/explicitRepoPermissions/456",
        }),
      ),
    ).toBe(Code.Unauthenticated);
    expect(
      await code(
        bare(sampleInstance({ licensed: false })).rpc.getExplicitRepoPermission({
          name: "repositories/123/explicitRepoPermissions/456",
        }),
      ),
    ).toBe(Code.FailedPrecondition);
  });

  it("injects faults before or after the effect, and logs calls with snake_case requests", async () => {
    const server = createInMemoryPermissionsTransport(
      sampleInstance({
        fault: (call, index) =>
          index === 1
            ? { error: new ConnectError("lost", Code.Unavailable), when: "after" }
            : call.method.startsWith("Delete")
              ? { error: new ConnectError("busy", Code.Unavailable) }
              : undefined,
      }),
    );
    const rpc = createClient(Service, server.transport);
    expect(
      await code(
        rpc.createExplicitRepoPermission({
          parent: "repositories/123",
          explicitRepoPermission: { user: "users/@bob" },
        }),
      ),
    ).toBe(Code.Unavailable);
    expect(server.permissions()).toContain("repositories/123/explicitRepoPermissions/457");
    expect(
      await code(rpc.deleteExplicitRepoPermission({ name: "repositories/123/explicitRepoPermissions/457" })),
    ).toBe(Code.Unavailable);
    expect(server.permissions()).toContain("repositories/123/explicitRepoPermissions/457");
    expect(server.calls.map((c) => c.request)).toEqual([
      { parent: "repositories/123", explicit_repo_permission: { user: "users/@bob" } },
      { name: "repositories/123/explicitRepoPermissions/457" },
    ]);
  });
});
