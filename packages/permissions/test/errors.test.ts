// Every error mapping of the client against the real server: what the emulator refuses over HTTP, and which
// sgkit error the caller gets. No nock in this file.
import { AuthenticationError, type Credentials, SourcegraphError } from "@sgkit/core";
import type { Emulator } from "@sgkit/emulator";
import { beforeEach, describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  InvalidResourceNameError,
  LicenseRequiredError,
  NotFoundError,
  type PermissionsClient,
} from "../src/index.js";
import {
  ALICE,
  clientFor,
  OTHER_REPO,
  READ,
  REPO,
  rejectionOf,
  startTestEmulator,
  WRITE,
} from "./support/emulator.js";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startTestEmulator();
});

/** One call of each procedure, each of which the server would accept from the admin. */
const CALLS: Array<
  [procedure: string, access: "read" | "write", call: (c: PermissionsClient) => Promise<unknown>]
> = [
  [
    "GetExplicitRepoPermission",
    "read",
    (c) => c.get(`repositories/${OTHER_REPO}/explicitRepoPermissions/@alice`),
  ],
  ["ListExplicitRepoPermissions", "read", (c) => c.listPage({ parent: `repositories/${OTHER_REPO}` })],
  ["CreateExplicitRepoPermission", "write", (c) => c.grant(REPO, "@alice")],
  ["DeleteExplicitRepoPermission", "write", (c) => c.revoke(OTHER_REPO, "@alice")],
];

describe("unauthenticated → AuthenticationError", () => {
  it.each(CALLS)(
    "%s with an unknown token is refused once, not retried",
    async (procedure, _access, call) => {
      const client = clientFor(emulator, "admin", {
        token: "sgp_local_0000000000000000000000000000000000000000",
      });
      const error = await rejectionOf(call(client));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code: "unauthenticated", status: 401, isRetryable: false });
      expect(error.message).toContain("Invalid access token.");
      expect(emulator.counters.snapshot()).toEqual({ [procedure]: 1 });
    },
  );

  it("refuses the GraphQL `token X` form on the HTTP API, with a valid token", async () => {
    const admin = emulator.token("admin");
    const legacyForm: Credentials = { type: "token", authorization: async () => `token ${admin}` };
    const client = clientFor(emulator, "admin", { credentials: legacyForm });
    const error = await rejectionOf(
      client.get(`repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: "unauthenticated", status: 401 });
    expect(error.message).toContain('not the "token" scheme');
    // The same token as Bearer works.
    const ok = await clientFor(emulator).get(`repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`);
    expect(ok.user).toBe(`users/${ALICE}`);
  });

  it("asks refreshing credentials to refresh once, then resends once", async () => {
    const rejected: string[] = [];
    let current = "Bearer sgp_local_1111111111111111111111111111111111111111";
    const credentials: Credentials = {
      type: "oauth",
      authorization: async () => current,
      refresh: async (value) => {
        rejected.push(value);
        current = `Bearer ${emulator.token("admin")}`;
        return true;
      },
    };
    const client = clientFor(emulator, "admin", { credentials });
    expect((await client.grant(REPO, "@alice")).changed).toBe(true);
    expect(rejected).toHaveLength(1);
    expect(emulator.counters.snapshot()).toEqual({ CreateExplicitRepoPermission: 2 });
  });

  it("a resend after a refresh is no retry: an existing pair is still `already-present`", async () => {
    let current = "Bearer sgp_local_1111111111111111111111111111111111111111";
    const credentials: Credentials = {
      type: "oauth",
      authorization: async () => current,
      refresh: async () => {
        current = `Bearer ${emulator.token("admin")}`;
        return true;
      },
    };
    const result = await clientFor(emulator, "admin", { credentials }).grant(OTHER_REPO, ALICE);
    expect(emulator.counters.snapshot()).toEqual({ CreateExplicitRepoPermission: 2 });
    // The refused attempt was never applied, so the already_exists is not of this call's own making.
    expect(result.outcome).toBe("already-present");
  });
});

describe("permission_denied → PermissionDeniedError naming the scope and the RBAC permission", () => {
  const needs = { read: ["externalapi:read", READ], write: ["externalapi:write", WRITE] };

  it.each(
    CALLS.map(
      ([procedure, access, call]) =>
        [procedure, access === "read" ? "writeScopeOnly" : "readScopeOnly", "scope", access, call] as const,
    ),
  )("%s with the token %s (missing %s)", async (procedure, token, _missing, access, call) => {
    const error = await rejectionOf(call(clientFor(emulator, token)));
    expect(error).toMatchObject({ name: "PermissionDeniedError", code: "permission_denied", status: 403 });
    expect(error).toBeInstanceOf(SourcegraphError);
    for (const needed of needs[access]) expect(error.message).toContain(needed);
    // The server's own reason is kept: here, the scope.
    expect(error.message).toContain(`needs a token with the scope ${needs[access][0]}`);
    expect(emulator.counters.snapshot()).toEqual({ [procedure]: 1 });
  });

  it.each(
    CALLS.flatMap(([procedure, access, call]) =>
      (access === "read" ? ["noRbac"] : ["noRbac", "readRbacOnly"]).map(
        (token) => [procedure, token, access, call] as const,
      ),
    ),
  )("%s with the token %s (missing RBAC)", async (procedure, token, access, call) => {
    const error = await rejectionOf(call(clientFor(emulator, token)));
    expect(error).toMatchObject({ name: "PermissionDeniedError", code: "permission_denied", status: 403 });
    for (const needed of needs[access]) expect(error.message).toContain(needed);
    expect(error.message).toContain(`needs the RBAC permission ${needs[access][1]}`);
    expect(emulator.counters.snapshot()).toEqual({ [procedure]: 1 });
  });

  it("lets a user with only READ read", async () => {
    const page = await clientFor(emulator, "readRbacOnly").listPage({ parent: "users/@alice" });
    expect(page.permissions.map((p) => p.name)).toEqual([
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);
  });
});

describe("failed_precondition about the license → LicenseRequiredError", () => {
  it.each(CALLS)("%s on an instance without the feature", async (procedure, _access, call) => {
    emulator.state.license = false;
    const error = await rejectionOf(call(clientFor(emulator)));
    expect(error).toBeInstanceOf(LicenseRequiredError);
    expect(error).toMatchObject({ code: "failed_precondition", status: 400, isRetryable: false });
    expect(error.message).toContain("Explicit Permissions API");
    expect(emulator.counters.snapshot()).toEqual({ [procedure]: 1 });
  });

  it("is also what an emulator started with license: false answers", async () => {
    const unlicensed = await startTestEmulator({ license: false });
    await expect(clientFor(unlicensed).grant(REPO, ALICE)).rejects.toBeInstanceOf(LicenseRequiredError);
  });
});

describe("not_found → NotFoundError", () => {
  it.each([
    [
      "Get of a missing permission",
      (c: PermissionsClient) => c.get(`repositories/${REPO}/explicitRepoPermissions/@alice`),
    ],
    [
      "Delete of a missing permission",
      (c: PermissionsClient) => c.delete(`repositories/${REPO}/explicitRepoPermissions/${ALICE}`),
    ],
    ["Create for an unknown user", (c: PermissionsClient) => c.create({ repository: REPO, user: "@nobody" })],
    [
      "Create for an unknown repository",
      (c: PermissionsClient) => c.create({ repository: 999, user: ALICE }),
    ],
    ["List of an unknown user", (c: PermissionsClient) => c.listPage({ parent: "users/nobody@example.com" })],
    ["Grant to an unknown user", (c: PermissionsClient) => c.grant(REPO, 999_999)],
  ])("%s", async (_what, call) => {
    const error = await rejectionOf(call(clientFor(emulator)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "not_found", status: 404, isRetryable: false });
  });

  it("is revoke's `already-absent`, and the error says how many attempts the call took", async () => {
    expect(await clientFor(emulator).revoke(REPO, ALICE)).toEqual({
      outcome: "already-absent",
      changed: false,
    });
    const error = await rejectionOf(
      clientFor(emulator).delete(`repositories/${REPO}/explicitRepoPermissions/${ALICE}`),
    );
    expect(error).toMatchObject({ attempts: 1 });
    expect((error as NotFoundError).toJSON()).toMatchObject({ attempts: 1 });
  });
});

describe("already_exists → AlreadyExistsError", () => {
  it("on a Create of an existing pair, whatever the parent and user form", async () => {
    const client = clientFor(emulator);
    for (const request of [
      { repository: OTHER_REPO, user: ALICE },
      { repository: OTHER_REPO, user: "@alice", parent: "user" as const },
      { repository: OTHER_REPO, user: "alice@example.com" },
    ]) {
      const error = await rejectionOf(client.create(request));
      expect(error).toBeInstanceOf(AlreadyExistsError);
      expect(error).toMatchObject({ code: "already_exists", status: 409, isRetryable: false, attempts: 1 });
    }
    expect(emulator.counters.snapshot()).toEqual({ CreateExplicitRepoPermission: 3 });
    expect(await client.grant(OTHER_REPO, "@alice")).toEqual({
      outcome: "already-present",
      changed: false,
      permission: undefined,
    });
  });
});

describe("invalid_argument", () => {
  it("from the server (a page token it never issued) is a SourcegraphError with the code", async () => {
    const error = await rejectionOf(
      clientFor(emulator).listPage({ parent: `repositories/${REPO}`, pageToken: "not-a-token" }),
    );
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(error).toMatchObject({ code: "invalid_argument", status: 400, isRetryable: false });
    expect(error.message).toContain("page_token");
  });

  it("a page token issued for another parent is refused", async () => {
    const client = clientFor(emulator);
    await client.grant(REPO, ALICE);
    await client.grant(REPO, 457);
    const { nextPageToken } = await client.listPage({ parent: `repositories/${REPO}`, pageSize: 1 });
    expect(nextPageToken).not.toBe("");
    await expect(
      client.listPage({ parent: `repositories/${OTHER_REPO}`, pageSize: 1, pageToken: nextPageToken }),
    ).rejects.toMatchObject({ code: "invalid_argument" });
  });
});

describe("malformed names are never sent", () => {
  it.each<[string, (c: PermissionsClient) => unknown]>([
    ["get with a leading zero", (c) => c.get("repositories/0123/explicitRepoPermissions/456")],
    ["get with a bare username", (c) => c.get("repositories/123/explicitRepoPermissions/alice")],
    ["get with a trailing slash", (c) => c.get("repositories/123/explicitRepoPermissions/456/")],
    ["listPage of a repository path", (c) => c.listPage({ parent: "github.com/acme/api" })],
    ["list of a user without its @", (c) => c.list({ parent: "users/alice" })],
    ["create with a bare username", (c) => c.create({ repository: REPO, user: "alice" })],
    ["create with a repository path", (c) => c.create({ repository: "github.com/acme/api", user: ALICE })],
    ["delete of a user name", (c) => c.delete("users/456")],
    ["grant to a negative id", (c) => c.grant(REPO, -1)],
    ["revoke with a slash in the email", (c) => c.revoke(REPO, "a/b@example.com")],
    [
      "replace with one bad user among good ones",
      (c) => c.replaceRepositoryPermissions(REPO, [ALICE, "bob"]),
    ],
  ])("%s", async (_what, call) => {
    const client = clientFor(emulator);
    let error: unknown;
    try {
      await call(client);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidResourceNameError);
    expect(error).toMatchObject({ code: "invalid_argument" });
    expect(emulator.counters.total()).toBe(0);
  });
});
