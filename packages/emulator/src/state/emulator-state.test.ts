import { describe, expect, it } from "vitest";
import { EmulatorState } from "./emulator-state.js";

const repository = (id: number) => ({
  id,
  name: `github.com/acme/r${id}`,
  files: new Map(),
  unrestricted: false,
});
const user = (id: number, username: string, email?: string) => ({
  id,
  username,
  email,
  siteAdmin: false,
  rbac: new Set<string>(),
});

describe("EmulatorState", () => {
  it("defaults to a licensed instance binding users by username", () => {
    const state = new EmulatorState();
    expect(state.license).toBe(true);
    expect(state.bindID).toBe("username");
  });

  it("turns pending permissions into explicit ones when a matching user is added (username mode)", () => {
    const state = new EmulatorState();
    state.repositories.add(repository(101));
    state.repositories.add(repository(102));
    state.pendingPermissions.add("newhire", 102);
    state.pendingPermissions.add("newhire", 101);
    state.pendingPermissions.add("someone-else", 101);
    expect(state.addUser(user(7, "newhire"))).toEqual([101, 102]);
    expect(state.permissions.repositoriesOf(7).ids).toEqual([101, 102]);
    expect(state.pendingPermissions.bindIDs()).toEqual(["someone-else"]);
  });

  it("matches pending permissions by exact email in email mode", () => {
    const state = new EmulatorState({ bindID: "email" });
    state.repositories.add(repository(101));
    state.pendingPermissions.add("New@example.com", 101);
    expect(state.addUser(user(7, "newhire", "new@example.com"))).toEqual([]);
    // A second user cannot take the same email in another case (citext), so the exact one is another state's.
    const other = new EmulatorState({ bindID: "email" });
    other.repositories.add(repository(101));
    other.pendingPermissions.add("New@example.com", 101);
    expect(other.addUser(user(8, "other", "New@example.com"))).toEqual([101]);
    expect(other.permissions.has(101, 8)).toBe(true);
  });

  it("stamps audit entries with its clock", () => {
    const state = new EmulatorState({ now: () => new Date("2026-01-02T03:04:05Z") });
    state.audit.record({ userId: 1, username: "a", token: "t", api: "http-api", method: "M", note: "n" });
    expect(state.audit.entries).toEqual([
      {
        time: "2026-01-02T03:04:05.000Z",
        userId: 1,
        username: "a",
        token: "t",
        api: "http-api",
        method: "M",
        note: "n",
      },
    ]);
    state.audit.clear();
    expect(state.audit.entries).toEqual([]);
  });

  it("applies pending permissions to a user added at run time through state.users.add", () => {
    const state = new EmulatorState();
    state.repositories.add(repository(101));
    state.pendingPermissions.add("late", 101);
    state.users.add(user(9, "late"));
    expect(state.permissions.has(101, 9)).toBe(true);
    expect(state.pendingPermissions.bindIDs()).toEqual([]);
  });

  it("replaces a repository's ACL and pending bindIDs in one step, dropping blank bindIDs", () => {
    const state = new EmulatorState({ now: () => new Date("2026-03-01T00:00:00Z") });
    state.repositories.add(repository(101));
    state.repositories.add(repository(102));
    state.users.add(user(1, "alice", "alice@example.com"));
    state.users.add(user(2, "bob"));
    state.users.add(user(3, "carol"));
    state.permissions.add(101, 1);
    state.permissions.add(101, 2);
    state.permissions.add(102, 2);
    state.pendingPermissions.add("gone", 101);
    state.pendingPermissions.add("gone", 102);
    const result = state.replaceRepositoryPermissions(101, ["carol", "bob", "", "  ", "newhire", "bob"]);
    expect(result).toEqual({ userIds: [2, 3], pendingBindIDs: ["newhire"], blankBindIDs: 2 });
    expect(state.permissions.usersOf(101).ids).toEqual([2, 3]);
    expect(state.permissions.usersOf(102).ids).toEqual([2]);
    expect(state.pendingPermissions.bindIDsOf(101)).toEqual(["newhire"]);
    expect(state.pendingPermissions.bindIDsOf(102)).toEqual(["gone"]);
    expect(state.permissions.updatedAt(101)?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    // In username mode an email is an unknown bindID.
    expect(state.replaceRepositoryPermissions(101, ["alice@example.com"]).pendingBindIDs).toEqual([
      "alice@example.com",
    ]);
    state.bindID = "email";
    expect(state.replaceRepositoryPermissions(101, ["alice@example.com", "Alice@Example.com"])).toEqual({
      userIds: [1],
      pendingBindIDs: ["Alice@Example.com"],
      blankBindIDs: 0,
    });
    expect(state.replaceRepositoryPermissions(101, [])).toEqual({
      userIds: [],
      pendingBindIDs: [],
      blankBindIDs: 0,
    });
    expect(state.pendingPermissions.bindIDs()).toEqual(["gone"]);
  });

  it("shows private repositories to site admins and granted users, unrestricted ones to everyone", () => {
    const state = new EmulatorState();
    state.repositories.add(repository(101));
    state.repositories.add({ ...repository(102), unrestricted: true });
    state.users.add({ ...user(1, "admin"), siteAdmin: true });
    state.users.add(user(2, "alice"));
    state.users.add(user(3, "bob"));
    state.permissions.add(101, 2);
    const [priv, open] = state.repositories.all() as [
      ReturnType<typeof repository>,
      ReturnType<typeof repository>,
    ];
    const see = (viewer: number | undefined) =>
      [priv, open].map((r) =>
        state.canSeeRepository(r, viewer === undefined ? undefined : state.users.byId(viewer)),
      );
    expect(see(1)).toEqual([true, true]);
    expect(see(2)).toEqual([true, true]);
    expect(see(3)).toEqual([false, true]);
    expect(see(undefined)).toEqual([false, true]);
  });

  it("resolves namespaces and search context specs", () => {
    const state = new EmulatorState();
    state.users.add(user(2, "alice"));
    state.orgs.add({ id: 7, name: "acme", memberIds: new Set([2]) });
    const base = { description: "", public: true, query: "", repositories: [] };
    const global = state.searchContexts.add({ ...base, name: "ctx", namespace: null });
    const mine = state.searchContexts.add({ ...base, name: "team/ctx", namespace: { kind: "user", id: 2 } });
    const org = state.searchContexts.add({ ...base, name: "ctx", namespace: { kind: "org", id: 7 } });
    expect(state.namespaceByName("alice")).toEqual({ kind: "user", id: 2, name: "alice" });
    expect(state.namespaceByName("acme")).toEqual({ kind: "org", id: 7, name: "acme" });
    expect(state.namespaceByName("nobody")).toBeUndefined();
    expect([global, mine, org].map((c) => state.searchContextSpec(c))).toEqual([
      "ctx",
      "@alice/team/ctx",
      "@acme/ctx",
    ]);
    expect(state.searchContextBySpec("ctx")).toBe(global);
    expect(state.searchContextBySpec("@alice/team/ctx")).toBe(mine);
    expect(state.searchContextBySpec("@acme/ctx")).toBe(org);
    expect(state.searchContextBySpec("@acme")).toBeUndefined();
    expect(state.searchContextBySpec("@nobody/ctx")).toBeUndefined();
    expect(state.searchContextBySpec("@alice/ctx")).toBeUndefined();
    expect(state.orgs.isMember(7, 2)).toBe(true);
    expect(state.orgs.isMember(7, 3)).toBe(false);
    expect(state.orgs.isMember(8, 2)).toBe(false);
  });
});
