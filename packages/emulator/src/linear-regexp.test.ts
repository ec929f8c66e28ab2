import { describe, expect, it } from "vitest";
import { compileLinearRegExp, quoteRegExp } from "./linear-regexp.js";

describe("compileLinearRegExp", () => {
  it("gives every non-empty match as [index, length] in string indexes, from the start each time", () => {
    const pattern = compileLinearRegExp("o+");
    expect(pattern.findAll("foo boo o")).toEqual([
      [1, 2],
      [5, 2],
      [8, 1],
    ]);
    expect(pattern.findAll("oo")).toEqual([[0, 2]]);
    // A code point outside the BMP is one character for RE2 and two string indexes.
    expect(compileLinearRegExp(".b").findAll("😀b")).toEqual([[0, 3]]);
  });

  it("skips empty matches instead of looping on them", () => {
    expect(compileLinearRegExp("x*").findAll("axb")).toEqual([[1, 1]]);
  });

  it("tests, case-insensitively when asked, with RE2 syntax", () => {
    expect(compileLinearRegExp("ACME").test("github.com/acme/api")).toBe(false);
    expect(compileLinearRegExp("ACME", { ignoreCase: true }).test("github.com/acme/api")).toBe(true);
    expect(compileLinearRegExp("(?i)ACME").test("github.com/acme/api")).toBe(true);
    expect(compileLinearRegExp("^[[:alpha:]]+\\pN$").test("api2")).toBe(true);
  });

  it("matches a hostile pattern without backtracking", () => {
    // JavaScript's RegExp takes minutes on this (nested lazy repetition, then a missing `!`).
    expect(compileLinearRegExp("(.*?){14}!").test("github.com/acme/api".repeat(20))).toBe(false);
    expect(compileLinearRegExp("(a|aa)*c").test("a".repeat(100_000))).toBe(false);
  });

  it.each([
    ["(\\w+)\\1", "backreference"],
    ["a(?=b)", "lookahead"],
    ["a(?!b)", "negative lookahead"],
    ["(?<=a)b", "lookbehind"],
    ["(a{1000}){1000}", "a repeat too large"],
    ["(", "an unclosed group"],
  ])("refuses %s (%s) with a SyntaxError", (source) => {
    expect(() => compileLinearRegExp(source)).toThrow(SyntaxError);
  });
});

describe("quoteRegExp", () => {
  it("quotes every metacharacter", () => {
    const text = "a.b*c+(d)|[e]{2}^$\\/?";
    expect(compileLinearRegExp(quoteRegExp(text)).findAll(`x${text}x`)).toEqual([[1, text.length]]);
  });
});
