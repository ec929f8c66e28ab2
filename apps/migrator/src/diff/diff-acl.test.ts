import { describe, expect, it } from "vitest";
import { diffAcl } from "./diff-acl.js";

describe("diffAcl", () => {
  it("creates what is desired and missing, deletes what is there and not desired, both ascending", () => {
    expect(diffAcl(new Set([5, 1, 9, 3]), new Set([3, 7, 2, 9]))).toEqual({
      create: [1, 5],
      delete: [2, 7],
      unchanged: 2,
    });
  });

  it("is empty when the ACLs match, and empties an ACL when nothing is desired", () => {
    expect(diffAcl(new Set([1, 2]), new Set([2, 1]))).toEqual({ create: [], delete: [], unchanged: 2 });
    expect(diffAcl(new Set(), new Set([4, 3]))).toEqual({ create: [], delete: [3, 4], unchanged: 0 });
  });

  it("sorts numerically, not as text", () => {
    expect(diffAcl(new Set([10, 9, 100]), new Set()).create).toEqual([9, 10, 100]);
  });
});
