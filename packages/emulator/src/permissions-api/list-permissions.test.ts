import { describe, expect, it } from "vitest";
import { sampleSeed } from "../seed/sample-seed.js";
import type { EmulatorSeed } from "../seed/seed-types.js";
import type { Emulator } from "../server/start-emulator.js";
import { callApi } from "../test-support/call-api.js";
import { useEmulator } from "../test-support/use-emulator.js";

const start = useEmulator();

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
  it("lists a repository's users by user id, in snake_case, with no token on the last page", async () => {
    const emulator = await start({ seed: sampleSeed() });
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
    });
  });

  it.each(["users/2", "users/@alice", "users/alice@example.com"])(
    "lists the repositories of the user %s by repository id",
    async (parent) => {
      const emulator = await start({ seed: sampleSeed() });
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
      });
    },
  );

  it("answers {} for a parent without permissions", async () => {
    const emulator = await start({ seed: sampleSeed() });
    expect(await page(emulator, { parent: "repositories/104" })).toEqual({});
    expect(await page(emulator, { parent: "users/@carol" })).toEqual({});
  });

  it("reads page_size and page_token in lowerCamelCase too", async () => {
    const emulator = await start({ seed: sampleSeed() });
    const first = await page(emulator, { parent: "repositories/101", pageSize: 1 });
    expect(first.explicit_repo_permissions).toHaveLength(1);
    const second = await page(emulator, {
      parent: "repositories/101",
      pageSize: "1",
      pageToken: first.next_page_token,
    });
    expect(second.explicit_repo_permissions?.[0]?.user).toBe("users/3");
    expect(second.next_page_token).toBeUndefined();
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
      if (token !== undefined) {
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

  it("stays correct when permissions change between pages (a cursor, not an offset)", async () => {
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

  it("continues a user's listing whatever form names the user, and refuses a token for another parent", async () => {
    const emulator = await start({ seed: sampleSeed() });
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
    const emulator = await start({ seed: sampleSeed() });
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

  it("pages by 100 by default and by at most 1000", async () => {
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
    expect(last.next_page_token).toBeUndefined();
  });

  it("answers not_found for an unknown parent and invalid_argument for a malformed one", async () => {
    const emulator = await start({ seed: sampleSeed() });
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
