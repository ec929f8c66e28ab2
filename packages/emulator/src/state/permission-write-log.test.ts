import { describe, expect, it } from "vitest";
import { EmulatorState } from "./emulator-state.js";
import { ExplicitPermissions } from "./explicit-permissions.js";
import { PermissionWriteLog } from "./permission-write-log.js";

describe("PermissionWriteLog", () => {
  it("counts adds and removes per pair, also for writes recorded after a count was read", () => {
    const log = new PermissionWriteLog();
    log.record("added", 101, 2);
    log.record("added", 102, 2);
    expect(log.added(101, 2)).toBe(1);
    expect(log.added(101, 3)).toBe(0);
    log.record("removed", 101, 2);
    log.record("added", 101, 2);
    expect(log.added(101, 2)).toBe(2);
    expect(log.removed(101, 2)).toBe(1);
    expect(log.removed(102, 2)).toBe(0);
    expect(log.size).toBe(4);
    expect(log.entries()).toEqual([
      { kind: "added", repositoryId: 101, userId: 2 },
      { kind: "added", repositoryId: 102, userId: 2 },
      { kind: "removed", repositoryId: 101, userId: 2 },
      { kind: "added", repositoryId: 101, userId: 2 },
    ]);
  });

  it("forgets everything on reset, counts included", () => {
    const log = new PermissionWriteLog();
    log.record("added", 1, 1);
    expect(log.added(1, 1)).toBe(1);
    log.reset();
    expect(log.size).toBe(0);
    expect(log.entries()).toEqual([]);
    expect(log.added(1, 1)).toBe(0);
    log.record("removed", 1, 1);
    expect(log.removed(1, 1)).toBe(1);
    expect(log.added(1, 1)).toBe(0);
  });

  it("hands out copies: changing entries() changes nothing", () => {
    const log = new PermissionWriteLog();
    log.record("added", 1, 1);
    log.entries().pop();
    expect(log.entries()).toHaveLength(1);
  });
});

describe("writes of ExplicitPermissions and EmulatorState", () => {
  it("records only what changed the set: a repeated add or a delete of nothing is no write", () => {
    const log = new PermissionWriteLog();
    const permissions = new ExplicitPermissions(() => new Date(0), log);
    permissions.add(101, 2);
    permissions.add(101, 2);
    permissions.delete(101, 3);
    permissions.delete(101, 2);
    permissions.delete(101, 2);
    expect(log.entries()).toEqual([
      { kind: "added", repositoryId: 101, userId: 2 },
      { kind: "removed", repositoryId: 101, userId: 2 },
    ]);
  });

  it("records the changes of a whole-ACL replace and of pending permissions coming due", () => {
    const state = new EmulatorState();
    const user = (id: number, username: string) => ({
      id,
      username,
      email: undefined,
      siteAdmin: false,
      rbac: new Set<string>(),
    });
    state.repositories.add({ id: 101, name: "github.com/acme/api", files: new Map(), unrestricted: false });
    state.users.add(user(2, "alice"));
    state.users.add(user(3, "bob"));
    state.permissions.add(101, 2);
    state.writes.reset();

    // alice stays (no write), bob is added, newhire is pending (no write yet).
    state.replaceRepositoryPermissions(101, ["alice", "bob", "newhire"]);
    expect(state.writes.entries()).toEqual([{ kind: "added", repositoryId: 101, userId: 3 }]);
    state.replaceRepositoryPermissions(101, ["bob", "newhire"]);
    expect(state.writes.removed(101, 2)).toBe(1);
    state.addUser(user(4, "newhire"));
    expect(state.writes.added(101, 4)).toBe(1);
    expect(state.writes.size).toBe(3);
  });
});
