import { describe, expect, it } from "vitest";
import { AclUserList } from "./acl-fragment.js";

describe("AclUserList", () => {
  it("trims, keeps case, merges duplicates keeping the first, and counts blank ones", () => {
    const list = new AclUserList();
    list.add(" alice@example.com ", 1);
    list.add("Alice@example.com", 2);
    list.add("alice@example.com", 3);
    list.add("", 4);
    list.add(" \t ", 5);
    expect(list.users).toEqual([
      { bindId: "alice@example.com", line: 1 },
      { bindId: "Alice@example.com", line: 2 },
    ]);
    expect(list.droppedBlankBindIds).toBe(2);
  });
});
