import { describe, expect, it } from "vitest";
import { callApi } from "../../test/support/call-api.js";
import { smallSeed } from "../../test/support/small-seed.js";
import { useEmulator } from "../../test/support/use-emulator.js";
import type { EmulatorSeed } from "../seed/seed-types.js";
import type { Emulator } from "../server/start-emulator.js";

const start = useEmulator();

// The sample instance: alice (2, alice@example.com) may read github.com/acme/api (101); carol's email is
// Carol@Example.com.
const alicesPermission = {
  name: "repositories/101/explicitRepoPermissions/2",
  user: "users/2",
  repository: "repositories/101",
};

describe("GetExplicitRepoPermission over HTTP", () => {
  it.each(["2", "@alice", "alice@example.com"])(
    "finds a permission by the user form %s, answering numeric ids",
    async (user) => {
      const emulator = await start({ seed: smallSeed() });
      const answer = await callApi(emulator, "GetExplicitRepoPermission", {
        name: `repositories/101/explicitRepoPermissions/${user}`,
      });
      expect(answer).toMatchObject({ status: 200, body: alicesPermission });
    },
  );

  it.each([
    [
      "repositories/102/explicitRepoPermissions/@bob",
      'user "users/3" has no explicit permission on "repositories/102"',
    ],
    ["repositories/999/explicitRepoPermissions/@alice", 'repository "repositories/999" not found'],
    ["repositories/101/explicitRepoPermissions/@nobody", 'user "users/@nobody" not found'],
    [
      "repositories/101/explicitRepoPermissions/ALICE@example.com",
      'user "users/ALICE@example.com" not found',
    ],
  ])("answers not_found (404) for %s", async (name, message) => {
    const emulator = await start({ seed: smallSeed() });
    expect(await callApi(emulator, "GetExplicitRepoPermission", { name })).toMatchObject({
      status: 404,
      body: { code: "not_found", message },
    });
  });

  it.each([
    "",
    "repositories/101",
    "repositories/101/explicitRepoPermissions/alice",
    "repositories/101/users/2",
  ])("answers invalid_argument naming `name` for %j", async (name) => {
    const emulator = await start({ seed: smallSeed() });
    const answer = await callApi(emulator, "GetExplicitRepoPermission", { name });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/^name: /),
    });
  });
});

/** A seed with `users` users (ids 1001...) and repositories 1..`repositories`, and an admin (id 1). */
function bigSeed(users: number, repositories = 1): EmulatorSeed {
  return {
    users: [
      { id: 1, username: "admin", siteAdmin: true },
      ...Array.from({ length: users }, (_, i) => ({ id: 1001 + i, username: `user${1001 + i}` })),
    ],
    repositories: Array.from({ length: repositories }, (_, i) => ({
      id: i + 1,
      name: `github.com/acme/r${i + 1}`,
    })),
    tokens: [{ name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] }],
  };
}

type Page = {
  explicit_repo_permissions?: Array<{ name: string; user: string; repository: string }>;
  next_page_token?: string;
};

async function page(emulator: Emulator, body: Record<string, unknown>): Promise<Page> {
  const answer = await callApi(emulator, "ListExplicitRepoPermissions", body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Page;
}

describe("ListExplicitRepoPermissions over HTTP", () => {
  it("lists a repository's users by user id, in snake_case, with an empty token on the last page", async () => {
    const emulator = await start({ seed: smallSeed() });
    const answer = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101" });
    expect(answer.body).toEqual({
      explicit_repo_permissions: [
        {
          name: "repositories/101/explicitRepoPermissions/2",
          user: "users/2",
          repository: "repositories/101",
        },
        {
          name: "repositories/101/explicitRepoPermissions/3",
          user: "users/3",
          repository: "repositories/101",
        },
      ],
      next_page_token: "",
    });
  });

  it.each(["users/2", "users/@alice", "users/alice@example.com"])(
    "lists the repositories of the user %s by repository id",
    async (parent) => {
      const emulator = await start({ seed: smallSeed() });
      expect(await page(emulator, { parent })).toEqual({
        explicit_repo_permissions: [
          {
            name: "repositories/101/explicitRepoPermissions/2",
            user: "users/2",
            repository: "repositories/101",
          },
          {
            name: "repositories/102/explicitRepoPermissions/2",
            user: "users/2",
            repository: "repositories/102",
          },
        ],
        next_page_token: "",
      });
    },
  );

  it("HTTP-8: answers an empty list and an empty token for a parent without permissions", async () => {
    const emulator = await start({ seed: smallSeed() });
    const empty = { explicit_repo_permissions: [], next_page_token: "" };
    expect(await page(emulator, { parent: "repositories/104" })).toEqual(empty);
    expect(await page(emulator, { parent: "users/@carol" })).toEqual(empty);
  });

  it("reads page_size and page_token in lowerCamelCase too", async () => {
    const emulator = await start({ seed: smallSeed() });
    const first = await page(emulator, { parent: "repositories/101", pageSize: 1 });
    expect(first.explicit_repo_permissions).toHaveLength(1);
    const second = await page(emulator, {
      parent: "repositories/101",
      pageSize: "1",
      pageToken: first.next_page_token,
    });
    expect(second.explicit_repo_permissions?.[0]?.user).toBe("users/3");
    expect(second.next_page_token).toBe("");
  });

  it("pages through 250 grants one at a time, each seen exactly once, with opaque tokens", async () => {
    const emulator = await start({ seed: bigSeed(250) });
    for (let id = 1001; id <= 1250; id++) emulator.state.permissions.add(1, id);
    const seen: string[] = [];
    const tokens = new Set<string>();
    let token: string | undefined;
    do {
      const body: Page = await page(emulator, {
        parent: "repositories/1",
        page_size: 1,
        page_token: token ?? "",
      });
      expect(body.explicit_repo_permissions).toHaveLength(1);
      seen.push(...(body.explicit_repo_permissions ?? []).map((permission) => permission.user));
      token = body.next_page_token;
      if (token) {
        expect(tokens.has(token)).toBe(false);
        tokens.add(token);
        // Opaque: not an id, an offset, or a resource name a client could build or edit.
        expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        expect(token).not.toMatch(/^\d+$/);
        expect(token).not.toContain("/");
      }
    } while (token);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => `users/${1001 + i}`));
    expect(tokens.size).toBe(249);
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(250);
  });

  it("HTTP-9: stays correct when permissions change between pages (a cursor, not an offset)", async () => {
    const emulator = await start({ seed: bigSeed(20) });
    for (let id = 1001; id <= 1010; id++) emulator.state.permissions.add(1, id);
    const first = await page(emulator, { parent: "repositories/1", page_size: 3 });
    expect(first.explicit_repo_permissions?.map((p) => p.user)).toEqual([
      "users/1001",
      "users/1002",
      "users/1003",
    ]);

    // Between pages: delete the cursor item (1003) and one not yet returned (1005); delete and re-create one
    // already returned (1001: behind the cursor, not returned again); create one ahead of the cursor (1015).
    const remove = (user: number) =>
      callApi(emulator, "DeleteExplicitRepoPermission", {
        name: `repositories/1/explicitRepoPermissions/${user}`,
      });
    const grant = (user: number) =>
      callApi(emulator, "CreateExplicitRepoPermission", {
        parent: "repositories/1",
        explicit_repo_permission: { user: `users/${user}` },
      });
    await remove(1003);
    await remove(1005);
    await remove(1001);
    await grant(1001);
    await grant(1015);

    const rest: string[] = [];
    let token = first.next_page_token;
    while (token) {
      const body = await page(emulator, { parent: "repositories/1", page_size: 3, page_token: token });
      rest.push(...(body.explicit_repo_permissions ?? []).map((p) => p.user));
      token = body.next_page_token;
    }
    // An offset would have skipped users 1004 and 1006 after the three deletions.
    expect(rest).toEqual([
      "users/1004",
      "users/1006",
      "users/1007",
      "users/1008",
      "users/1009",
      "users/1010",
      "users/1015",
    ]);
  });

  it("HTTP-5: continues a user's listing whatever form names the user, and refuses a token for another parent", async () => {
    const emulator = await start({ seed: smallSeed() });
    const first = await page(emulator, { parent: "users/@alice", page_size: 1 });
    const second = await page(emulator, {
      parent: "users/2",
      page_size: 1,
      page_token: first.next_page_token,
    });
    expect(second.explicit_repo_permissions?.[0]?.repository).toBe("repositories/102");
    const other = await callApi(emulator, "ListExplicitRepoPermissions", {
      parent: "users/@bob",
      page_token: first.next_page_token,
    });
    expect(other).toMatchObject({
      status: 400,
      body: {
        code: "invalid_argument",
        message: expect.stringMatching(/^page_token: was issued for another parent/),
      },
    });
  });

  it("answers invalid_argument for a garbage token and a negative page_size", async () => {
    const emulator = await start({ seed: smallSeed() });
    expect(
      await callApi(emulator, "ListExplicitRepoPermissions", {
        parent: "repositories/101",
        page_token: "garbage",
      }),
    ).toMatchObject({
      status: 400,
      body: { code: "invalid_argument", message: "page_token: is not a page token issued by this server" },
    });
    expect(
      await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101", page_size: -1 }),
    ).toMatchObject({
      status: 400,
      body: { code: "invalid_argument", message: "page_size: must not be negative, got -1" },
    });
  });

  it("HTTP-9: pages by 100 by default and by at most 1000", async () => {
    const emulator = await start({ seed: bigSeed(1, 1100) });
    for (let repository = 1; repository <= 1100; repository++)
      emulator.state.permissions.add(repository, 1001);
    const byDefault = await page(emulator, { parent: "users/@user1001" });
    expect(byDefault.explicit_repo_permissions).toHaveLength(100);
    const capped = await page(emulator, { parent: "users/@user1001", page_size: 5000 });
    expect(capped.explicit_repo_permissions).toHaveLength(1000);
    const last = await page(emulator, {
      parent: "users/@user1001",
      page_size: 5000,
      page_token: capped.next_page_token,
    });
    expect(last.explicit_repo_permissions).toHaveLength(100);
    expect(last.next_page_token).toBe("");
  });

  it("answers not_found for an unknown parent and invalid_argument for a malformed one", async () => {
    const emulator = await start({ seed: smallSeed() });
    expect(
      await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/999" }),
    ).toMatchObject({
      status: 404,
      body: { code: "not_found" },
    });
    expect(await callApi(emulator, "ListExplicitRepoPermissions", { parent: "users/@nobody" })).toMatchObject(
      {
        status: 404,
        body: { code: "not_found" },
      },
    );
    expect(await callApi(emulator, "ListExplicitRepoPermissions", { parent: "orgs/1" })).toMatchObject({
      status: 400,
      body: { code: "invalid_argument", message: expect.stringMatching(/^parent: /) },
    });
  });
});

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

describe("CreateExplicitRepoPermission over HTTP", () => {
  it("HTTP-6: answers the documented request with exactly the documented JSON text", async () => {
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

  it("HTTP-11: reads a lowerCamelCase request too", async () => {
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

  it("HTTP-7: answers already_exists (409) for a pair that exists, whatever user form names it", async () => {
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

describe("DeleteExplicitRepoPermission over HTTP", () => {
  it.each(["2", "@alice", "alice@example.com"])(
    "deletes by the user form %s and answers {}",
    async (user) => {
      const emulator = await start({ seed: smallSeed() });
      const name = `repositories/101/explicitRepoPermissions/${user}`;
      const answer = await callApi(emulator, "DeleteExplicitRepoPermission", { name });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({});
      expect(emulator.state.permissions.has(101, 2)).toBe(false);
      expect(await callApi(emulator, "GetExplicitRepoPermission", { name })).toMatchObject({ status: 404 });
    },
  );

  it("answers the empty JSON object as text", async () => {
    const emulator = await start({ seed: smallSeed() });
    const response = await fetch(
      `${emulator.url}/api/explicitrepopermissions.v1.Service/DeleteExplicitRepoPermission`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${emulator.token("admin")}` },
        body: JSON.stringify({ name: "repositories/101/explicitRepoPermissions/2" }),
      },
    );
    expect(await response.text()).toBe("{}");
  });

  it("HTTP-7: answers not_found (404) for a permission that does not exist, such as one already deleted", async () => {
    const emulator = await start({ seed: smallSeed() });
    const name = "repositories/101/explicitRepoPermissions/2";
    await callApi(emulator, "DeleteExplicitRepoPermission", { name });
    expect(await callApi(emulator, "DeleteExplicitRepoPermission", { name })).toMatchObject({
      status: 404,
      body: { code: "not_found", message: 'user "users/2" has no explicit permission on "repositories/101"' },
    });
  });

  it("HTTP-5: answers invalid_argument for a malformed name and not_found for unknown objects", async () => {
    const emulator = await start({ seed: smallSeed() });
    expect(await callApi(emulator, "DeleteExplicitRepoPermission", { name: "users/2" })).toMatchObject({
      status: 400,
      body: { code: "invalid_argument" },
    });
    expect(
      await callApi(emulator, "DeleteExplicitRepoPermission", {
        name: "repositories/999/explicitRepoPermissions/2",
      }),
    ).toMatchObject({ status: 404, body: { message: 'repository "repositories/999" not found' } });
    expect(emulator.state.permissions.size).toBe(3);
  });
});
