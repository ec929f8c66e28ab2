import { describe, expect, it } from "vitest";
import { DOCUMENTED_IDS, documentedSeed } from "./documented-seed.js";
import { loadSeed } from "./load-seed.js";
import { sampleSeed } from "./sample-seed.js";

describe("sampleSeed", () => {
  it("holds every id, user, repository and token of the documented instance", () => {
    const sample = loadSeed(sampleSeed());
    const documented = loadSeed(documentedSeed());
    for (const user of documented.users.all()) {
      expect(sample.users.byId(user.id)).toMatchObject({ username: user.username, email: user.email });
    }
    for (const repository of documented.repositories.all()) {
      expect(sample.repositories.byId(repository.id)?.name).toBe(repository.name);
    }
    for (const token of documented.tokens.all()) {
      expect(sample.tokens.byName(token.name)).toMatchObject({ userId: token.userId, scopes: token.scopes });
    }
    expect(sample.repositories.byId(DOCUMENTED_IDS.repository)?.name).toBe("github.com/acme/api");
    expect(sample.users.byId(DOCUMENTED_IDS.alice)?.username).toBe("alice");
    // The documentation creates 123/456: the sample leaves repository 123 without grants.
    expect(sample.permissions.has(DOCUMENTED_IDS.repository, DOCUMENTED_IDS.alice)).toBe(false);
  });

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
    const { otherRepository: web, bob } = DOCUMENTED_IDS;
    expect(state.subRepoPermissions.allows(web, bob, "README.md")).toBe(true);
    expect(state.subRepoPermissions.allows(web, bob, "src/index.ts")).toBe(false);
  });

  it("has acme repositories with files and a few permissions, and returns a fresh copy each time", () => {
    const state = loadSeed(sampleSeed());
    const acme = state.repositories
      .all()
      .filter((repository) => repository.name.startsWith("github.com/acme/"));
    expect(acme.map((repository) => repository.id)).toEqual([123, 124, 125, 126]);
    expect(acme.every((repository) => repository.files.size > 0)).toBe(true);
    expect(state.permissions.pairs()).toEqual([
      { repositoryId: 124, userId: 456 },
      { repositoryId: 124, userId: 457 },
    ]);
    expect(sampleSeed()).not.toBe(sampleSeed());
  });
});
