import { describe, expect, it } from "vitest";
import { findAll } from "./find-all.js";

describe("findAll", () => {
  it("gives every non-empty match as [index, length], from the start each time", () => {
    const pattern = /o+/g;
    expect(findAll(pattern, "foo boo o")).toEqual([
      [1, 2],
      [5, 2],
      [8, 1],
    ]);
    expect(findAll(pattern, "oo")).toEqual([[0, 2]]);
  });

  it("skips empty matches instead of looping on them", () => {
    expect(findAll(/x*/g, "axb")).toEqual([[1, 1]]);
  });
});
