import { describe, expect, it } from "vitest";
import {
  checkSubRepoPath,
  compilePathGlob,
  isPathAllowed,
  SubRepoPermissions,
} from "./sub-repo-permissions.js";

describe("isPathAllowed", () => {
  it("allows everything without rules", () => {
    expect(isPathAllowed(undefined, "secret/keys.txt")).toBe(true);
  });

  it("denies paths that no rule matches", () => {
    expect(isPathAllowed([], "README.md")).toBe(false);
    expect(isPathAllowed(["/src/**"], "README.md")).toBe(false);
  });

  it("lets later rules override earlier ones, with - denying", () => {
    const rules = ["/**", "-/secret/**", "/secret/public.md"];
    expect(isPathAllowed(rules, "README.md")).toBe(true);
    expect(isPathAllowed(rules, "/secret/keys.txt")).toBe(false);
    expect(isPathAllowed(rules, "secret/public.md")).toBe(true);
    expect(isPathAllowed(["-/secret/**", "/**"], "secret/keys.txt")).toBe(true);
  });
});

describe("checkSubRepoPath", () => {
  it("accepts globs with or without the deny prefix", () => {
    expect(() => checkSubRepoPath("/src/**")).not.toThrow();
    expect(() => checkSubRepoPath("-/src/**")).not.toThrow();
  });

  it.each(["", "-", " ", "/[x"])("refuses %j", (path) => {
    expect(() => checkSubRepoPath(path)).toThrow(SyntaxError);
  });
});

describe("SubRepoPermissions", () => {
  it("stores rules per (repository, user), replacing them, and decides paths", () => {
    const rules = new SubRepoPermissions();
    rules.set(101, 2, ["/**", "-/secret/**"]);
    rules.set(101, 3, ["/docs/**"]);
    rules.set(102, 2, ["/x"]);
    rules.set(101, 2, ["/src/**"]);
    expect(rules.size).toBe(3);
    expect(rules.get(101, 2)).toEqual(["/src/**"]);
    expect(rules.get(101, 4)).toBeUndefined();
    expect(rules.allows(101, 2, "src/a.go")).toBe(true);
    expect(rules.allows(101, 2, "README.md")).toBe(false);
    expect(rules.allows(101, 4, "anything")).toBe(true);
    expect(rules.all()).toEqual([
      { repositoryId: 101, userId: 2, paths: ["/src/**"] },
      { repositoryId: 101, userId: 3, paths: ["/docs/**"] },
      { repositoryId: 102, userId: 2, paths: ["/x"] },
    ]);
    expect(rules.delete(102, 2)).toBe(true);
    expect(rules.delete(102, 2)).toBe(false);
    expect(rules.size).toBe(2);
  });

  it("refuses an invalid rule without storing any of the list", () => {
    const rules = new SubRepoPermissions();
    expect(() => rules.set(101, 2, ["/**", "-"])).toThrow(SyntaxError);
    expect(rules.get(101, 2)).toBeUndefined();
  });

  it("keeps a copy of the list, frozen", () => {
    const rules = new SubRepoPermissions();
    const paths = ["/**"];
    rules.set(101, 2, paths);
    paths.push("-/x");
    expect(rules.get(101, 2)).toEqual(["/**"]);
    expect(Object.isFrozen(rules.get(101, 2))).toBe(true);
  });
});

describe("compilePathGlob", () => {
  it.each([
    ["/**", "/a/b/c.go", true],
    ["/**", "/", true],
    ["/src/**", "/src/a/b.go", true],
    ["/src/**", "/srcx/a.go", false],
    ["src/*.go", "/src/main.go", true],
    ["/src/*.go", "/src/a/main.go", false],
    ["/a?c", "/abc", true],
    ["/a?c", "/a/c", false],
    ["/[ab]x", "/bx", true],
    ["/[a-c]x", "/cx", true],
    ["/[!ab]x", "/ax", false],
    ["/[!ab]x", "/zx", true],
    ["/{docs,src}/**", "/docs/index.md", true],
    ["/{docs,src}/**", "/lib/index.md", false],
    ["/a\\*b", "/a*b", true],
    ["/a\\*b", "/axb", false],
    ["/file.go", "/fileXgo", false],
    ["/(x)+|y", "/(x)+|y", true],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(compilePathGlob(pattern).test(path)).toBe(expected);
  });

  it("matches a hostile glob without backtracking (globs come from requests)", () => {
    // As a JavaScript RegExp, 30 `*a` against 60 `a` and no `b` tries every way to split the a's.
    expect(compilePathGlob(`/${"*a".repeat(30)}b`).test(`/${"a".repeat(60)}`)).toBe(false);
    expect(compilePathGlob(`/${"**a".repeat(30)}b`).test(`/${"a/".repeat(60)}`)).toBe(false);
    expect(compilePathGlob("/[[]x").test("/[x")).toBe(true);
  });

  it.each([
    ["/[abc", /"\[" at 1 is not closed/],
    ["/[!]x", /empty character class/],
    ["/{a,b", /"\{" is not closed/],
    ["/a\\", /ends with an escape/],
  ])("refuses %s", (pattern, message) => {
    expect(() => compilePathGlob(pattern)).toThrow(SyntaxError);
    expect(() => compilePathGlob(pattern)).toThrow(message);
  });
});
