import { describe, expect, it } from "vitest";
import { compilePathGlob } from "./compile-path-glob.js";

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
