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
    expect(state.addUser(user(8, "other", "New@example.com"))).toEqual([101]);
    expect(state.permissions.has(101, 8)).toBe(true);
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
});
