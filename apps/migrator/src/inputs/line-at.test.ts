import { describe, expect, it } from "vitest";
import { type LineTree, lineAt } from "./line-at.js";

const tree: LineTree = {
  line: 2,
  children: new Map<string, LineTree>([
    ["repository", 2],
    ["users", { line: 3, children: [4, { line: 5, children: new Map([["bindID", 6]]) }] }],
  ]),
};

describe("lineAt", () => {
  it("finds the line of a value by its path", () => {
    expect(lineAt(tree, [])).toBe(2);
    expect(lineAt(tree, ["users"])).toBe(3);
    expect(lineAt(tree, ["users", 0])).toBe(4);
    expect(lineAt(tree, ["users", 1, "bindID"])).toBe(6);
  });

  it("falls back to the deepest parent for a missing path", () => {
    expect(lineAt(tree, ["users", 9])).toBe(3);
    expect(lineAt(tree, ["users", "x"])).toBe(3);
    expect(lineAt(tree, ["users", 0, "deeper"])).toBe(4);
    expect(lineAt(7, ["anything", 1])).toBe(7);
  });
});
