import { describe, expect, it } from "vitest";
import { type User, UserDirectory } from "./user-directory.js";

const user = (id: number, username: string, email?: string): User => ({
  id,
  username,
  email,
  siteAdmin: false,
  rbac: new Set(),
});

describe("UserDirectory", () => {
  it("finds users by id, exact username and case-sensitive email", () => {
    const users = new UserDirectory();
    users.add(user(2, "alice", "Alice@Example.com"));
    expect(users.byId(2)?.username).toBe("alice");
    expect(users.byUsername("alice")?.id).toBe(2);
    expect(users.byUsername("Alice")).toBeUndefined();
    expect(users.byEmail("Alice@Example.com")?.id).toBe(2);
    expect(users.byEmail("alice@example.com")).toBeUndefined();
  });

  it("finds users by bindID under either mode", () => {
    const users = new UserDirectory();
    users.add(user(2, "alice", "alice@example.com"));
    expect(users.byBindID("alice", "username")?.id).toBe(2);
    expect(users.byBindID("alice", "email")).toBeUndefined();
    expect(users.byBindID("alice@example.com", "email")?.id).toBe(2);
  });

  it("refuses a taken id, username or email", () => {
    const users = new UserDirectory();
    users.add(user(1, "alice", "a@example.com"));
    expect(() => users.add(user(1, "bob"))).toThrow(/user id 1 is taken/);
    expect(() => users.add(user(2, "alice"))).toThrow(/username "alice" is taken/);
    expect(() => users.add(user(2, "bob", "a@example.com"))).toThrow(/email "a@example.com" is taken/);
    // Emails differing only in case are different emails.
    users.add(user(3, "carol", "A@example.com"));
    expect(users.size).toBe(2);
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
