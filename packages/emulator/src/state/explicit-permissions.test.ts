import { describe, expect, it } from "vitest";
import { ExplicitPermissions } from "./explicit-permissions.js";

describe("ExplicitPermissions", () => {
  it("indexes pairs both ways", () => {
    const permissions = new ExplicitPermissions();
    expect(permissions.add(101, 2)).toBe(true);
    expect(permissions.add(101, 1)).toBe(true);
    expect(permissions.add(102, 2)).toBe(true);
    expect(permissions.add(101, 2)).toBe(false);
    expect(permissions.size).toBe(3);
    expect(permissions.usersOf(101)).toEqual({ ids: [1, 2], more: false });
    expect(permissions.repositoriesOf(2)).toEqual({ ids: [101, 102], more: false });
    expect(permissions.has(102, 2)).toBe(true);
    expect(permissions.has(102, 1)).toBe(false);
  });

  it("removes a pair from both indexes", () => {
    const permissions = new ExplicitPermissions();
    permissions.add(101, 2);
    permissions.add(102, 2);
    expect(permissions.delete(101, 2)).toBe(true);
    expect(permissions.delete(101, 2)).toBe(false);
    expect(permissions.usersOf(101).ids).toEqual([]);
    expect(permissions.repositoriesOf(2).ids).toEqual([102]);
    expect(permissions.size).toBe(1);
  });

  it("lists every pair in a stable order", () => {
    const permissions = new ExplicitPermissions();
    permissions.add(2, 9);
    permissions.add(1, 5);
    permissions.add(2, 3);
    expect(permissions.pairs()).toEqual([
      { repositoryId: 1, userId: 5 },
      { repositoryId: 2, userId: 3 },
      { repositoryId: 2, userId: 9 },
    ]);
  });

  it("pages with a cursor and a limit", () => {
    const permissions = new ExplicitPermissions();
    for (let user = 1; user <= 5; user++) permissions.add(7, user);
    expect(permissions.usersOf(7, 2, 2)).toEqual({ ids: [3, 4], more: true });
    expect(permissions.usersOf(8, 0, 2)).toEqual({ ids: [], more: false });
  });

  it("replaces a repository's users in one step and stamps the change", () => {
    let time = 0;
    const permissions = new ExplicitPermissions(() => new Date(time));
    permissions.add(7, 1);
    permissions.add(7, 2);
    permissions.add(8, 2);
    expect(permissions.updatedAt(9)).toBeUndefined();
    time = 1000;
    expect(permissions.replaceUsersOf(7, [3, 2, 3])).toEqual({ added: [3], removed: [1] });
    expect(permissions.usersOf(7).ids).toEqual([2, 3]);
    expect(permissions.repositoriesOf(2).ids).toEqual([7, 8]);
    expect(permissions.repositoriesOf(1).ids).toEqual([]);
    expect(permissions.size).toBe(3);
    expect(permissions.updatedAt(7)?.getTime()).toBe(1000);
    time = 2000;
    expect(permissions.replaceUsersOf(9, [])).toEqual({ added: [], removed: [] });
    expect(permissions.updatedAt(9)?.getTime()).toBe(2000);
  });
});
