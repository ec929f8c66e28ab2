import { describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../seed/seed-types.js";
import { callApi } from "../test-support/call-api.js";
import { useEmulator } from "../test-support/use-emulator.js";

// The documentation's example ids: repository 123, user 456.
const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 456, username: "alice", email: "alice@example.com" },
  ],
  repositories: [{ id: 123, name: "github.com/acme/api" }],
  tokens: [{ name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] }],
};
const documented = {
  name: "repositories/123/explicitRepoPermissions/456",
  user: "users/456",
  repository: "repositories/123",
};
const start = useEmulator();

describe("CreateExplicitRepoPermission over HTTP", () => {
  it("answers the documented request with exactly the documented JSON text", async () => {
    const emulator = await start({ seed });
    const response = await fetch(
      `${emulator.url}/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${emulator.token("admin")}` },
        body: '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/@alice"}}',
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe(JSON.stringify(documented));
    expect(emulator.state.permissions.has(123, 456)).toBe(true);
  });

  it.each(["users/456", "users/@alice", "users/alice@example.com"])(
    "takes a repository parent and the user as %s, answering numeric ids",
    async (user) => {
      const emulator = await start({ seed });
      const answer = await callApi(emulator, "CreateExplicitRepoPermission", {
        parent: "repositories/123",
        explicit_repo_permission: { user },
      });
      expect(answer).toMatchObject({ status: 200, body: documented });
    },
  );

  it.each(["users/456", "users/@alice", "users/alice@example.com"])(
    "takes the user %s as the parent and the repository in the permission",
    async (parent) => {
      const emulator = await start({ seed });
      const answer = await callApi(emulator, "CreateExplicitRepoPermission", {
        parent,
        explicit_repo_permission: { repository: "repositories/123" },
      });
      expect(answer).toMatchObject({ status: 200, body: documented });
      expect(emulator.state.permissions.repositoriesOf(456).ids).toEqual([123]);
    },
  );

  it("reads a lowerCamelCase request too", async () => {
    const emulator = await start({ seed });
    const answer = await callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "repositories/123",
      explicitRepoPermission: { user: "users/456" },
    });
    expect(answer).toMatchObject({ status: 200, body: documented });
  });

  it("accepts the other side repeated when it names the same object, and ignores a client-sent name", async () => {
    const emulator = await start({ seed });
    const answer = await callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "users/@alice",
      explicit_repo_permission: { repository: "repositories/123", user: "users/456", name: "ignored" },
    });
    expect(answer).toMatchObject({ status: 200, body: documented });
  });

  it("answers already_exists (409) for a pair that exists, whatever user form names it", async () => {
    const emulator = await start({ seed });
    await callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "repositories/123",
      explicit_repo_permission: { user: "users/456" },
    });
    const again = await callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "users/alice@example.com",
      explicit_repo_permission: { repository: "repositories/123" },
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      code: "already_exists",
      message: 'user "users/456" already has an explicit permission on "repositories/123"',
    });
    expect(emulator.state.permissions.size).toBe(1);
  });

  it.each([
    [
      { parent: "repositories/999", explicit_repo_permission: { user: "users/456" } },
      'repository "repositories/999" not found',
    ],
    [
      { parent: "repositories/123", explicit_repo_permission: { user: "users/999" } },
      'user "users/999" not found',
    ],
    [
      { parent: "repositories/123", explicit_repo_permission: { user: "users/@bob" } },
      'user "users/@bob" not found',
    ],
    // Emails are case-sensitive.
    [
      { parent: "repositories/123", explicit_repo_permission: { user: "users/Alice@example.com" } },
      'user "users/Alice@example.com" not found',
    ],
    [
      { parent: "users/@bob", explicit_repo_permission: { repository: "repositories/123" } },
      'user "users/@bob" not found',
    ],
  ])("answers not_found (404) for %j", async (body, message) => {
    const emulator = await start({ seed });
    const answer = await callApi(emulator, "CreateExplicitRepoPermission", body);
    expect(answer).toMatchObject({ status: 404, body: { code: "not_found", message } });
    expect(emulator.state.permissions.size).toBe(0);
  });

  it.each([
    [{ explicit_repo_permission: { user: "users/456" } }, "parent: is required"],
    [{ parent: "repositories/123" }, "explicit_repo_permission: is required"],
    [
      { parent: "repositories/123", explicit_repo_permission: {} },
      "explicit_repo_permission.user: is required when the parent is a repository",
    ],
    [
      { parent: "users/456", explicit_repo_permission: { user: "users/456" } },
      "explicit_repo_permission.repository: is required when the parent is a user",
    ],
    [
      { parent: "repositories/abc", explicit_repo_permission: { user: "users/456" } },
      'parent: "repositories/abc" is not a repository name',
    ],
    [
      { parent: "github.com/acme/api", explicit_repo_permission: { user: "users/456" } },
      'parent: "github.com/acme/api" is not a parent',
    ],
    [
      { parent: "repositories/123", explicit_repo_permission: { user: "alice" } },
      'explicit_repo_permission.user: "alice" is not a user name',
    ],
    [
      { parent: "users/@alice", explicit_repo_permission: { repository: "123" } },
      'explicit_repo_permission.repository: "123" is not a repository name',
    ],
    [
      {
        parent: "repositories/123",
        explicit_repo_permission: { user: "users/456", repository: "repositories/999" },
      },
      "explicit_repo_permission.repository: must be empty or the parent repository",
    ],
    [
      {
        parent: "users/@alice",
        explicit_repo_permission: { repository: "repositories/123", user: "users/1" },
      },
      "explicit_repo_permission.user: must be empty or the parent user",
    ],
  ])("answers invalid_argument (400) naming the field for %j", async (body, message) => {
    const emulator = await start({ seed });
    const answer = await callApi(emulator, "CreateExplicitRepoPermission", body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("invalid_argument");
    expect(answer.body.message).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(emulator.state.permissions.size).toBe(0);
  });
});
