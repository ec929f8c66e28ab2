import { describe, expect, it } from "vitest";
import { aclFingerprint } from "./acl-fingerprint.js";

describe("aclFingerprint", () => {
  it("ignores order and tells different ACLs apart", () => {
    expect(aclFingerprint([3, 1, 2])).toBe(aclFingerprint(new Set([1, 2, 3])));
    expect(aclFingerprint([1, 2])).not.toBe(aclFingerprint([1, 2, 3]));
    expect(aclFingerprint([12])).not.toBe(aclFingerprint([1, 2]));
    expect(aclFingerprint([])).toMatch(/^[0-9a-f]{32}$/);
  });
});
