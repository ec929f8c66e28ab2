import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSeed, readSeedFile } from "./load-seed.js";
import { SeedError } from "./validate-seed.js";

describe("loadSeed", () => {
  const seed = {
    license: false,
    bindID: "email" as const,
    users: [
      { id: 1, username: "admin", siteAdmin: true },
      { id: 2, username: "alice", email: "alice@example.com", rbac: ["REPO_PERMISSIONS#READ"] },
      { id: 3, username: "root", siteAdmin: true, rbac: [] },
    ],
    orgs: [{ id: 1, name: "acme", members: ["alice", 1] }],
    repositories: [
      { id: 101, name: "github.com/acme/api", files: { "a.txt": "hello\n" }, unrestricted: true },
    ],
    tokens: [
      { name: "ci", user: "admin", scopes: ["externalapi:read"], value: "sgp_local_fixed" },
      { name: "generated", user: 2, scopes: ["user:all"] },
    ],
    permissions: [{ repository: "github.com/acme/api", user: "alice" }],
    pendingPermissions: [
      { bindID: "later@example.com", repository: 101 },
      { bindID: "alice@example.com", repository: 101 },
    ],
  };

  it("builds the state the seed describes", () => {
    const state = loadSeed(seed);
    expect(state.license).toBe(false);
    expect(state.bindID).toBe("email");
    expect(state.users.byEmail("alice@example.com")?.rbac).toEqual(new Set(["REPO_PERMISSIONS#READ"]));
    expect(state.orgs.byName("acme")?.memberIds).toEqual(new Set([2, 1]));
    expect(state.repositories.byName("github.com/acme/api")?.files.get("a.txt")).toBe("hello\n");
    expect(state.repositories.byId(101)?.unrestricted).toBe(true);
    expect(state.tokens.byName("ci")?.value).toBe("sgp_local_fixed");
    expect(state.permissions.pairs()).toEqual([{ repositoryId: 101, userId: 2 }]);
    expect(state.pendingPermissions.bindIDs()).toEqual(["later@example.com"]);
  });

  it("gives site admins both REPO_PERMISSIONS by default, and only what a seed lists otherwise", () => {
    const state = loadSeed(seed);
    expect(state.users.byId(1)?.rbac).toEqual(new Set(["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"]));
    expect(state.users.byId(3)?.rbac).toEqual(new Set());
  });

  it("generates distinct sgp_local_ values for tokens without one", () => {
    const first = loadSeed(seed).tokens.byName("generated")?.value;
    const second = loadSeed(seed).tokens.byName("generated")?.value;
    expect(first).toMatch(/^sgp_local_[0-9a-f]{40}$/);
    expect(second).not.toBe(first);
  });

  it("lets options override the license and bindID of the seed", () => {
    const state = loadSeed(seed, { license: true, bindID: "username" });
    expect(state.license).toBe(true);
    expect(state.bindID).toBe("username");
    // The pending permission for alice's email was not applied in username mode.
    expect(state.pendingPermissions.bindIDs()).toEqual(["alice@example.com", "later@example.com"]);
  });

  it("loads sub-repository rules and search contexts", () => {
    const state = loadSeed(
      {
        users: [{ id: 2, username: "alice" }],
        orgs: [{ id: 1, name: "acme", members: ["alice"] }],
        repositories: [{ id: 101, name: "github.com/acme/api" }],
        subRepoPermissions: [
          { repository: "github.com/acme/api", user: "alice", paths: ["/**", "-/secret/**"] },
        ],
        searchContexts: [
          {
            name: "backend",
            namespace: "acme",
            description: "Backend",
            public: true,
            query: "lang:go",
            repositories: [{ repository: "github.com/acme/api", revisions: ["HEAD", "v1"] }],
            updatedAt: "2025-06-01T00:00:00Z",
          },
          { name: "mine", namespace: "alice" },
          { name: "everything" },
        ],
      },
      { now: () => new Date("2026-01-01T00:00:00Z") },
    );
    expect(state.subRepoPermissions.get(101, 2)).toEqual(["/**", "-/secret/**"]);
    expect(state.searchContextBySpec("@acme/backend")).toMatchObject({
      description: "Backend",
      public: true,
      namespace: { kind: "org", id: 1 },
      query: "lang:go",
      repositories: [{ repositoryId: 101, revisions: ["HEAD", "v1"] }],
      updatedAt: new Date("2025-06-01T00:00:00Z"),
    });
    expect(state.searchContextBySpec("@alice/mine")).toMatchObject({
      description: "",
      public: false,
      namespace: { kind: "user", id: 2 },
      query: "",
      repositories: [],
      updatedAt: new Date("2026-01-01T00:00:00Z"),
    });
    expect(state.searchContextBySpec("everything")?.namespace).toBeNull();
  });

  it("validates first", () => {
    expect(() => loadSeed({ users: [{ id: 1, username: "" }] })).toThrow(SeedError);
  });
});

const dir = mkdtempSync(join(tmpdir(), "sgkit-emulator-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("readSeedFile", () => {
  it("reads a valid seed", async () => {
    const path = file("ok.json", JSON.stringify({ users: [{ id: 1, username: "a" }] }));
    expect(await readSeedFile(path)).toEqual({ users: [{ id: 1, username: "a" }] });
  });

  it("names the field and the file", async () => {
    const path = file(
      "bad.json",
      JSON.stringify({
        users: [
          { id: 1, username: "a" },
          { id: 1, username: "b" },
        ],
      }),
    );
    const error = await readSeedFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).path).toBe("seed.users[1].id");
    expect((error as Error).message).toBe(
      `seed.users[1].id: is a duplicate of seed.users[0].id (in ${path})`,
    );
  });

  it("names the file of a syntax error, without quoting its text (which may hold a token)", async () => {
    const secret = "sgp_local_00112233445566778899aabbccddeeff00112233";
    const path = file("broken.json", `{"tokens": [{"value": "${secret}" "name": "x"}]}`);
    const error = (await readSeedFile(path).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SeedError);
    expect(error.message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: is not valid JSON`),
    );
    expect(error.message).not.toContain(secret);
  });

  it("names a missing file", async () => {
    await expect(readSeedFile(join(dir, "missing.json"))).rejects.toThrow(
      /missing\.json: cannot be read \(ENOENT\)/,
    );
  });
});
