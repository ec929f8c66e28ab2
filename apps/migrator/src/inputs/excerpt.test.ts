import { describe, expect, it } from "vitest";
import { excerpt } from "./excerpt.js";

describe("excerpt", () => {
  it("keeps short text as it is", () => {
    expect(excerpt("repo,user")).toBe("repo,user");
  });

  it("escapes quotes, control and invisible characters", () => {
    expect(excerpt('a"b\u0000\u001b[31m\u202e\u200b\n')).toBe('a\\"b\\u0000\\u001b[31m\\u202e\\u200b\\n');
  });

  it("cuts long text to the budget of escaped characters, ending in an ellipsis", () => {
    expect(excerpt("z".repeat(10_000), 10)).toBe(`${"z".repeat(10)}…`);
    const controls = excerpt("\u0001".repeat(100), 20);
    expect(controls).toBe(`${"\\u0001".repeat(3)}…`);
  });

  it("never splits a character made of two UTF-16 units", () => {
    expect(excerpt("🎉".repeat(30), 5)).toBe("🎉🎉…");
  });
});
