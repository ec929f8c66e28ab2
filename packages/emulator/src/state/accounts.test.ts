import { describe, expect, it } from "vitest";
import { OrgDirectory, TokenStore, type User, UserDirectory } from "./accounts.js";

const user = (id: number, username: string, email?: string): User => ({
  id,
  username,
  email,
  siteAdmin: false,
  rbac: new Set(),
});

describe("UserDirectory", () => {
  it("finds users by id, and by username and email in any case (citext), keeping them as given", () => {
    const users = new UserDirectory();
    users.add(user(2, "alice", "Alice@Example.com"));
    expect(users.byId(2)?.username).toBe("alice");
    expect(users.byUsername("alice")?.id).toBe(2);
    expect(users.byUsername("ALICE")?.id).toBe(2);
    expect(users.byUsername("bob")).toBeUndefined();
    expect(users.byEmail("Alice@Example.com")?.id).toBe(2);
    expect(users.byEmail("alice@example.com")?.id).toBe(2);
    expect(users.byEmail("alice@example.com")?.email).toBe("Alice@Example.com");
    // The HTTP API's documented case-sensitive email match.
    expect(users.byExactEmail("Alice@Example.com")?.id).toBe(2);
    expect(users.byExactEmail("alice@example.com")).toBeUndefined();
  });

  it("finds users by bindID under either mode, exactly (case included)", () => {
    const users = new UserDirectory();
    users.add(user(2, "alice", "alice@example.com"));
    expect(users.byBindID("alice", "username")?.id).toBe(2);
    expect(users.byBindID("Alice", "username")).toBeUndefined();
    expect(users.byBindID("alice", "email")).toBeUndefined();
    expect(users.byBindID("alice@example.com", "email")?.id).toBe(2);
    expect(users.byBindID("ALICE@example.com", "email")).toBeUndefined();
  });

  it("refuses a taken id, username or email", () => {
    const users = new UserDirectory();
    users.add(user(1, "alice", "a@example.com"));
    expect(() => users.add(user(1, "bob"))).toThrow(/user id 1 is taken/);
    expect(() => users.add(user(2, "alice"))).toThrow(/username "alice" is taken/);
    expect(() => users.add(user(2, "bob", "a@example.com"))).toThrow(/email "a@example.com" is taken/);
    // Usernames and emails differing only in case are the same (citext columns with unique indexes).
    expect(() => users.add(user(3, "ALICE"))).toThrow(/username "ALICE" is taken \(by "alice"/);
    expect(() => users.add(user(3, "carol", "A@example.com"))).toThrow(
      /email "A@example.com" is taken \(by "a@example.com"/,
    );
    expect(users.size).toBe(1);
  });

  it("lists users by id and gives the next free id", () => {
    const users = new UserDirectory();
    expect(users.nextId()).toBe(1);
    users.add(user(9, "zed"));
    users.add(user(4, "amy"));
    expect(users.all().map((u) => u.id)).toEqual([4, 9]);
    expect(users.nextId()).toBe(10);
  });
});

describe("OrgDirectory", () => {
  it("finds orgs by id and name and the orgs of a member", () => {
    const orgs = new OrgDirectory();
    orgs.add({ id: 2, name: "beta", memberIds: new Set([5]) });
    orgs.add({ id: 1, name: "acme", memberIds: new Set([5, 6]) });
    expect(orgs.byName("acme")?.id).toBe(1);
    expect(orgs.byId(2)?.name).toBe("beta");
    expect(orgs.orgsOf(5).map((org) => org.name)).toEqual(["acme", "beta"]);
    expect(orgs.orgsOf(7)).toEqual([]);
    expect(() => orgs.add({ id: 3, name: "acme", memberIds: new Set() })).toThrow(/taken/);
  });
});

describe("TokenStore", () => {
  it("finds tokens by value and name, and refuses duplicates without printing the value", () => {
    const tokens = new TokenStore();
    const value = "sgp_local_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    tokens.add({ name: "ci", value, userId: 1, scopes: new Set(["externalapi:read"]) });
    expect(tokens.byValue(value)?.name).toBe("ci");
    expect(tokens.byName("ci")?.userId).toBe(1);
    expect(() => tokens.add({ name: "other", value, userId: 2, scopes: new Set() })).toThrow(
      'token "other" has a duplicate value',
    );
    expect(() => tokens.add({ name: "ci", value: "different", userId: 2, scopes: new Set() })).toThrow(
      'token name "ci" is taken',
    );
  });
});
