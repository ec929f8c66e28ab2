import { describe, expect, it } from "vitest";
import { PendingPermissions } from "./pending-permissions.js";

describe("PendingPermissions", () => {
  it("adds, lists, deletes and takes by bindID", () => {
    const pending = new PendingPermissions();
    expect(pending.add("bob@example.com", 3)).toBe(true);
    expect(pending.add("bob@example.com", 3)).toBe(false);
    pending.add("bob@example.com", 1);
    pending.add("amy", 2);
    expect(pending.bindIDs()).toEqual(["amy", "bob@example.com"]);
    expect(pending.repositoriesOf("bob@example.com")).toEqual([1, 3]);
    expect(pending.delete("amy", 2)).toBe(true);
    expect(pending.delete("amy", 2)).toBe(false);
    expect(pending.bindIDs()).toEqual(["bob@example.com"]);
    expect(pending.bindIDsOf(3)).toEqual(["bob@example.com"]);
    expect(pending.take("bob@example.com")).toEqual([1, 3]);
    expect(pending.bindIDs()).toEqual([]);
    // Taken or deleted bindIDs are no longer pending on their repositories either.
    expect(pending.bindIDsOf(3)).toEqual([]);
    expect(pending.bindIDsOf(2)).toEqual([]);
  });

  it("lists and replaces the bindIDs pending on a repository", () => {
    const pending = new PendingPermissions();
    pending.add("amy", 1);
    pending.add("bob", 1);
    pending.add("bob", 2);
    expect(pending.bindIDsOf(1)).toEqual(["amy", "bob"]);
    pending.replaceBindIDsOf(1, ["cat", "bob"]);
    expect(pending.bindIDsOf(1)).toEqual(["bob", "cat"]);
    expect(pending.repositoriesOf("bob")).toEqual([1, 2]);
    expect(pending.bindIDs()).toEqual(["bob", "cat"]);
    pending.replaceBindIDsOf(1, []);
    expect(pending.bindIDs()).toEqual(["bob"]);
  });
});
