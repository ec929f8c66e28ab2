import { describe, expect, it } from "vitest";
import { OrgDirectory } from "./org-directory.js";
import { RepositoryCatalog } from "./repository-catalog.js";
import { TokenStore } from "./token-store.js";

describe("RepositoryCatalog", () => {
  it("finds repositories by id and exact name, lists them by id, and refuses duplicates", () => {
    const catalog = new RepositoryCatalog();
    catalog.add({ id: 9, name: "github.com/acme/b", files: new Map(), unrestricted: false });
    catalog.add({ id: 3, name: "github.com/acme/a", files: new Map([["a.txt", "a"]]), unrestricted: true });
    expect(catalog.byName("github.com/acme/a")?.id).toBe(3);
    expect(catalog.byName("github.com/Acme/a")).toBeUndefined();
    expect(catalog.byId(9)?.name).toBe("github.com/acme/b");
    expect(catalog.all().map((repository) => repository.id)).toEqual([3, 9]);
    expect(() => catalog.add({ id: 3, name: "x", files: new Map(), unrestricted: false })).toThrow(
      /id 3 is taken/,
    );
    expect(() =>
      catalog.add({ id: 4, name: "github.com/acme/a", files: new Map(), unrestricted: false }),
    ).toThrow(/name "github.com\/acme\/a" is taken/);
  });
});

describe("OrgDirectory", () => {
  it("finds orgs by id and name and the orgs of a member", () => {
    const orgs = new OrgDirectory();
    orgs.add({ id: 2, name: "beta", memberIds: new Set([5]) });
    orgs.add({ id: 1, name: "acme", memberIds: new Set([5, 6]) });
    expect(orgs.byName("acme")?.id).toBe(1);
    expect(orgs.byId(2)?.name).toBe("beta");
    expect(orgs.orgsOf(5).map((org) => org.name)).toEqual(["acme", "beta"]);
    expect(orgs.orgsOf(7)).toEqual([]);
    expect(() => orgs.add({ id: 3, name: "acme", memberIds: new Set() })).toThrow(/taken/);
  });
});

describe("TokenStore", () => {
  it("finds tokens by value and name, and refuses duplicates without printing the value", () => {
    const tokens = new TokenStore();
    const value = "sgp_local_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    tokens.add({ name: "ci", value, userId: 1, scopes: new Set(["externalapi:read"]) });
    expect(tokens.byValue(value)?.name).toBe("ci");
    expect(tokens.byName("ci")?.userId).toBe(1);
    expect(() => tokens.add({ name: "other", value, userId: 2, scopes: new Set() })).toThrow(
      'token "other" has a duplicate value',
    );
    expect(() => tokens.add({ name: "ci", value: "different", userId: 2, scopes: new Set() })).toThrow(
      'token name "ci" is taken',
    );
  });
});
