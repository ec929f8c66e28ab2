import { describe, expect, it } from "vitest";
import { validatePathRule } from "./validate-path-rule.js";

describe("validatePathRule", () => {
  it.each([
    "src/**",
    "-src/secret/**",
    "*.go",
    "docs/[a-z]*",
    "-docs/[!a]*.md",
    "lib/[^_]*",
    "{cmd,internal}/**",
    "-{a,{b,c}}/x",
    "a\\[literal\\]",
  ])("accepts %j", (rule) => {
    expect(validatePathRule(rule)).toBeUndefined();
  });

  it.each([
    ["", "it is empty"],
    ["-", 'it is a lone "-" with no pattern to deny'],
    ["src/[a-z", 'the "[" at position 4 is never closed'],
    ["-src/[a-z", 'the "[" at position 5 is never closed'],
    ["src/[]x", "the class at position 4 is empty"],
    ["src/[!]x", "the class at position 4 is empty"],
    ["src/[a[b]]", 'a "[" is nested inside the class opened at position 4'],
    ["src/a]", 'the "]" at position 5 closes no "["'],
    ["{a,b", 'a "{" is never closed'],
    ["{{a,b}", 'a "{" is never closed'],
    ["{{a", '2 "{" are never closed'],
    ["a}", 'the "}" at position 1 closes no "{"'],
    ["src\\", 'it ends with an escaping "\\" that escapes nothing'],
    ["src/\nx", "it holds a newline or NUL character"],
  ])("refuses %j: %s", (rule, reason) => {
    expect(validatePathRule(rule)).toBe(reason);
  });

  it("refuses a value that is not a string", () => {
    expect(validatePathRule(1 as never)).toBe("it is not a string");
  });
});
