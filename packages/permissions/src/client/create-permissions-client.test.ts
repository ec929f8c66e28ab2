import {
  ConfigurationError,
  createConnection,
  createSudoCredentials,
  createTokenCredentials,
  PermissionDeniedError,
} from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { statePairs } from "../../test/support/emulator.js";
import {
  NO_SCOPE_TOKEN,
  type SampleInstance,
  sampleEmulator,
  TOKEN,
  wire,
} from "../../test/support/sample-emulator.js";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { LicenseRequiredError } from "../errors/license-required-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { createPermissionsClient, type PermissionsClientOptions } from "./create-permissions-client.js";
import type { PermissionsClient } from "./permissions-client.js";

/** A client of the sample emulator, in process; `server.calls` holds what it sent. */
async function setup(instance: SampleInstance = {}, options: Partial<PermissionsClientOptions> = {}) {
  const emulator = await sampleEmulator(instance);
  const server = wire(emulator);
  const client = createPermissionsClient({
    endpoint: emulator.url,
    fetch: server.fetch,
    token: TOKEN,
    retry: false,
    ...options,
  });
  return { emulator, server, client };
}

describe("createPermissionsClient methods", () => {
  it("get reads a permission by any user form and answers with numeric ids", async () => {
    const { client, server } = await setup();
    for (const user of ["456", "@alice", "alice@example.com"]) {
      const permission = await client.get(`repositories/123/explicitRepoPermissions/${user}`);
      expect(permission).toMatchObject({
        name: "repositories/123/explicitRepoPermissions/456",
        user: "users/456",
        repository: "repositories/123",
      });
    }
    expect(server.calls.map((call) => call.request)).toEqual([
      { name: "repositories/123/explicitRepoPermissions/456" },
      { name: "repositories/123/explicitRepoPermissions/@alice" },
      { name: "repositories/123/explicitRepoPermissions/alice@example.com" },
    ]);
    expect(server.calls.every((call) => call.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("create makes the repository the parent by default, or the user when asked", async () => {
    const { client, server } = await setup();
    const byRepository = await client.create({ repository: 123, user: "@bob" });
    const byUser = await client.create({
      repository: "repositories/124",
      user: "bob@example.com".replace("b", "B").replace("e", "E"),
      parent: "user",
    });
    expect(byRepository).toMatchObject({
      name: "repositories/123/explicitRepoPermissions/457",
      user: "users/457",
    });
    expect(byUser).toMatchObject({
      name: "repositories/124/explicitRepoPermissions/457",
      repository: "repositories/124",
    });
    expect(server.calls.map((call) => call.request)).toEqual([
      { parent: "repositories/123", explicit_repo_permission: { user: "users/@bob" } },
      { parent: "users/Bob@Example.com", explicit_repo_permission: { repository: "repositories/124" } },
    ]);
    await expect(client.create({ repository: 123, user: 457, parent: "team" as "user" })).rejects.toThrow(
      TypeError,
    );
  });

  it("delete removes a permission and resolves with nothing", async () => {
    const { client, emulator } = await setup();
    await expect(client.delete("repositories/123/explicitRepoPermissions/@alice")).resolves.toBeUndefined();
    expect(statePairs(emulator)).toEqual([]);
    await expect(client.delete("repositories/123/explicitRepoPermissions/@alice")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("grant and revoke say whether they changed anything", async () => {
    const { client, emulator } = await setup();
    const granted = await client.grant(123, "@bob");
    expect(granted).toMatchObject({ outcome: "created", changed: true });
    expect(granted.permission?.user).toBe("users/457");
    await expect(client.grant("repositories/123", "users/457")).resolves.toEqual({
      outcome: "already-present",
      changed: false,
      permission: undefined,
    });
    await expect(client.grant(123, "alice@example.com")).resolves.toMatchObject({
      outcome: "already-present",
      changed: false,
    });
    expect(statePairs(emulator)).toEqual([
      "repositories/123/explicitRepoPermissions/456",
      "repositories/123/explicitRepoPermissions/457",
    ]);
    await expect(client.revoke(123, 457)).resolves.toEqual({ outcome: "deleted", changed: true });
    await expect(client.revoke(123, "@bob")).resolves.toEqual({ outcome: "already-absent", changed: false });
    await expect(client.revoke(124, "@carol")).resolves.toEqual({
      outcome: "already-absent",
      changed: false,
    });
    expect(statePairs(emulator)).toEqual(["repositories/123/explicitRepoPermissions/456"]);
  });

  it("grant and revoke still fail on anything but already_exists and not_found", async () => {
    const { client } = await setup({ license: false });
    await expect(client.grant(123, "@bob")).rejects.toBeInstanceOf(LicenseRequiredError);
    await expect(client.revoke(123, "@bob")).rejects.toBeInstanceOf(LicenseRequiredError);
  });
});

describe("pagination", () => {
  const many = (): SampleInstance => ({
    users: Array.from({ length: 7 }, (_, i) => ({ id: 500 + i, username: `user${i}` })),
    permissions: Array.from({ length: 7 }, (_, i) => ({ repository: 123, user: 500 + i })),
  });

  it("listPage returns one page and the token of the next", async () => {
    const { client, server } = await setup(many());
    const first = await client.listPage({ parent: "repositories/123", pageSize: 3 });
    expect(first.permissions.map((p) => p.user)).toEqual(["users/500", "users/501", "users/502"]);
    expect(first.nextPageToken).not.toBe("");
    const last = await client.listPage({
      parent: "repositories/123",
      pageSize: 5,
      pageToken: first.nextPageToken,
    });
    expect(last.permissions).toHaveLength(4);
    expect(last.nextPageToken).toBe("");
    expect(server.calls[1]?.request).toEqual({
      parent: "repositories/123",
      page_size: 5,
      page_token: first.nextPageToken,
    });
  });

  it("list follows next_page_token until it is empty", async () => {
    const { client, server } = await setup(many());
    const users: string[] = [];
    for await (const permission of client.list({ parent: "repositories/123", pageSize: 3 }))
      users.push(permission.user);
    expect(users).toEqual(Array.from({ length: 7 }, (_, i) => `users/${500 + i}`));
    expect(server.calls.map((call) => (call.request as { page_token?: string }).page_token)).toEqual([
      undefined,
      expect.any(String),
      expect.any(String),
    ]);
  });

  it("list fetches lazily: breaking out of the loop stops the calls", async () => {
    const { client, server } = await setup(many());
    for await (const permission of client.list({ parent: "repositories/123", pageSize: 2 })) {
      expect(permission.user).toBe("users/500");
      break;
    }
    expect(server.calls).toHaveLength(1);
  });

  it("list lists a user's repositories too", async () => {
    const { client } = await setup({
      permissions: [
        { repository: 124, user: 456 },
        { repository: 123, user: 456 },
      ],
    });
    const repositories: string[] = [];
    for await (const permission of client.list({ parent: "users/@alice" }))
      repositories.push(permission.repository);
    expect(repositories).toEqual(["repositories/123", "repositories/124"]);
  });

  it("an empty list is one call", async () => {
    const { client, server } = await setup({ permissions: [] });
    const all = [];
    for await (const permission of client.list({ parent: "repositories/124" })) all.push(permission);
    expect(all).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });
});

describe("malformed input is never sent", () => {
  const bad = "repositories/123/explicitRepoPermissions/alice";

  it.each([
    ["get", (c: PermissionsClient) => c.get(bad)],
    ["delete", (c: PermissionsClient) => c.delete(bad)],
    ["delete of a user name", (c: PermissionsClient) => c.delete("users/@alice")],
    ["listPage", (c: PermissionsClient) => c.listPage({ parent: "repositories/abc" })],
    [
      "listPage with a permission as parent",
      (c: PermissionsClient) => c.listPage({ parent: "repositories/1/explicitRepoPermissions/2" }),
    ],
    ["create with a bad user", (c: PermissionsClient) => c.create({ repository: 123, user: "alice" })],
    [
      "create with a bad repository",
      (c: PermissionsClient) => c.create({ repository: "github.com/a/b", user: "@alice" }),
    ],
    ["grant", (c: PermissionsClient) => c.grant(0, "@alice")],
    ["revoke", (c: PermissionsClient) => c.revoke(123, "users/")],
    ["replace", (c: PermissionsClient) => c.replaceRepositoryPermissions(123, ["@alice", "bob"])],
  ])("%s rejects with InvalidResourceNameError and sends nothing", async (_, run) => {
    const { client, server } = await setup();
    await expect(run(client)).rejects.toBeInstanceOf(InvalidResourceNameError);
    expect(server.calls).toEqual([]);
  });

  it("list refuses a bad parent when called, before any iteration", async () => {
    const { client, server } = await setup();
    expect(() => client.list({ parent: "users/alice" })).toThrow(InvalidResourceNameError);
    expect(() => client.list({ parent: "users/@alice", pageSize: -1 })).toThrow(RangeError);
    expect(server.calls).toEqual([]);
  });

  it.each([-1, 1.5, 2 ** 31, Number.NaN])("pageSize %s is refused", async (pageSize) => {
    const { client, server } = await setup();
    await expect(client.listPage({ parent: "repositories/123", pageSize })).rejects.toThrow(RangeError);
    expect(server.calls).toEqual([]);
  });
});

describe("errors through the client", () => {
  it("permission_denied names the scope and RBAC permission of each method", async () => {
    const { client, emulator } = await setup({}, { token: NO_SCOPE_TOKEN });
    const name = "repositories/123/explicitRepoPermissions/@alice";
    const cases: Array<[Promise<unknown>, string, string, string]> = [
      [client.get(name), "GetExplicitRepoPermission", "externalapi:read", "REPO_PERMISSIONS#READ"],
      [
        client.listPage({ parent: "repositories/123" }),
        "ListExplicitRepoPermissions",
        "externalapi:read",
        "REPO_PERMISSIONS#READ",
      ],
      [
        client.create({ repository: 123, user: "@alice" }),
        "CreateExplicitRepoPermission",
        "externalapi:write",
        "REPO_PERMISSIONS#WRITE",
      ],
      [client.delete(name), "DeleteExplicitRepoPermission", "externalapi:write", "REPO_PERMISSIONS#WRITE"],
    ];
    for (const [promise, procedure, scope, permission] of cases) {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toMatchObject({
        status: 403,
        url: `${emulator.url}/api/explicitrepopermissions.v1.Service/${procedure}`,
      });
      expect((error as Error).message).toContain(
        `${procedure} needs an access token with the scope ${scope}`,
      );
      expect((error as Error).message).toContain(permission);
    }
  });

  it("already_exists and not_found reach create, get and delete as their own errors", async () => {
    const { client } = await setup();
    await expect(client.create({ repository: 123, user: 456 })).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(client.get("repositories/124/explicitRepoPermissions/456")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(client.get("repositories/999/explicitRepoPermissions/456")).rejects.toThrow(
      /repository "repositories\/999" not found/,
    );
  });

  it("the URL in errors is the full procedure URL under the normalized endpoint", async () => {
    const emulator = await sampleEmulator();
    const client = createPermissionsClient({
      endpoint: `${emulator.url}/`,
      fetch: emulator.fetch,
      token: TOKEN,
      retry: false,
    });
    const error = await client.get("repositories/124/explicitRepoPermissions/456").catch((e: unknown) => e);
    expect(error).toMatchObject({
      url: `${emulator.url}/api/explicitrepopermissions.v1.Service/GetExplicitRepoPermission`,
    });
  });

  it("a caller's abort rejects with the caller's reason, and sends nothing when already aborted", async () => {
    const { client, server } = await setup();
    const reason = new Error("caller stopped");
    await expect(
      client.get("repositories/123/explicitRepoPermissions/456", { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(server.calls).toEqual([]);
  });
});

describe("configuration", () => {
  it.each([
    [{ token: "t" }, "endpoint"],
    [{ endpoint: "https://sg.example.com" }, "token"],
    [{ endpoint: "ftp://sg.example.com", token: "t" }, "endpoint"],
    [
      { endpoint: "https://sg.example.com", token: "t", credentials: createTokenCredentials("t") },
      "credentials",
    ],
    [{ endpoint: "https://sg.example.com", token: "t", headers: { Authorization: "Bearer x" } }, "headers"],
    [{ endpoint: "https://sg.example.com", token: " " }, "token"],
    [{ endpoint: "https://sg.example.com", token: "t", retry: { maxAttempts: 0 } }, "retry.maxAttempts"],
    [{ endpoint: "https://sg.example.com", token: "t", timeoutMs: -1 }, "timeoutMs"],
  ] as Array<[PermissionsClientOptions, string]>)("%o is refused, naming %s", (options, setting) => {
    let error: unknown;
    try {
      createPermissionsClient(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting });
  });

  it("refuses a Connection without credentials, which the /api/ HTTP API would refuse on every call", () => {
    const connection = createConnection({ endpoint: "https://sg.example.com" });
    expect(() => createPermissionsClient(connection)).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "token" }),
    );
  });

  it("works on a Connection shared with other clients, sending its token as Bearer", async () => {
    const emulator = await sampleEmulator();
    const server = wire(emulator);
    const connection = createConnection({ endpoint: emulator.url, token: TOKEN, fetch: server.fetch });
    const first = createPermissionsClient(connection);
    const second = createPermissionsClient(connection);
    await expect(first.grant(123, "@bob")).resolves.toMatchObject({ changed: true });
    await expect(second.grant(123, "@bob")).resolves.toEqual({
      outcome: "already-present",
      changed: false,
      permission: undefined,
    });
    expect(server.calls.map((call) => call.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(server.calls[0]?.request).toEqual({
      parent: "repositories/123",
      explicit_repo_permission: { user: "users/@bob" },
    });
  });

  it("refuses sudo credentials clearly, before sending", async () => {
    const emulator = await sampleEmulator();
    const server = wire(emulator);
    const client = createPermissionsClient({
      endpoint: emulator.url,
      fetch: server.fetch,
      credentials: createSudoCredentials({ token: TOKEN, user: "alice" }),
    });
    const error = await client.get("repositories/123/explicitRepoPermissions/456").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/sudo credentials cannot call the \/api\/ HTTP API/);
    expect(server.calls).toEqual([]);
  });
});
