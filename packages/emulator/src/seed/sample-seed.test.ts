import { describe, expect, it } from "vitest";
import { loadSeed } from "./load-seed.js";
import { sampleSeed } from "./sample-seed.js";

describe("sampleSeed", () => {
  it("has one token per role, each user with the RBAC its role needs", () => {
    const state = loadSeed(sampleSeed());
    const role = (name: string) => {
      const token = state.tokens.byName(name);
      const user = token && state.users.byId(token.userId);
      return {
        scopes: [...(token?.scopes ?? [])],
        rbac: [...(user?.rbac ?? [])],
        siteAdmin: user?.siteAdmin,
      };
    };
    // user:all too: the admin token is used on GraphQL and streaming search as well as on /api/.
    expect(role("admin")).toEqual({
      scopes: ["user:all", "externalapi:read", "externalapi:write"],
      rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"],
      siteAdmin: true,
    });
    expect(role("readOnly")).toEqual({
      scopes: ["externalapi:read"],
      rbac: ["REPO_PERMISSIONS#READ"],
      siteAdmin: false,
    });
    expect(role("noRbac")).toEqual({
      scopes: ["externalapi:read", "externalapi:write"],
      rbac: [],
      siteAdmin: false,
    });
    expect(role("userAll").scopes).toEqual(["user:all"]);
    expect(role("sudo")).toMatchObject({ scopes: ["user:all", "site-admin:sudo"], siteAdmin: true });
  });

  it("has a search context in each kind of namespace and a sub-repository rule", () => {
    const state = loadSeed(sampleSeed());
    expect(
      state.searchContexts.all().map((context) => [state.searchContextSpec(context), context.public]),
    ).toEqual([
      ["acme", true],
      ["@acme/platform", false],
      ["@alice/frontend", false],
    ]);
    expect(state.subRepoPermissions.allows(101, 3, "README.md")).toBe(true);
    expect(state.subRepoPermissions.allows(101, 3, "cmd/server/main.go")).toBe(false);
  });

  it("has repositories with files and a few permissions, and returns a fresh copy each time", () => {
    const state = loadSeed(sampleSeed());
    expect(state.repositories.size).toBeGreaterThanOrEqual(3);
    expect(state.repositories.all().every((repository) => repository.files.size > 0)).toBe(true);
    expect(state.permissions.size).toBeGreaterThan(0);
    expect(sampleSeed()).not.toBe(sampleSeed());
  });
});
