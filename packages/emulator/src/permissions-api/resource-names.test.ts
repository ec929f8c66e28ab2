import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  parseParent,
  parsePermissionName,
  parseRepositoryName,
  parseUserName,
  parseUserSegment,
} from "./resource-names.js";

function refusal(parse: () => unknown): ConnectError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    return error as ConnectError;
  }
  throw new Error("accepted");
}

describe("parseUserSegment", () => {
  it.each([
    ["456", { kind: "id", id: 456 }],
    ["2147483647", { kind: "id", id: 2147483647 }],
    ["@alice", { kind: "username", username: "alice" }],
    ["@a.b-c_d", { kind: "username", username: "a.b-c_d" }],
    ["alice@example.com", { kind: "email", email: "alice@example.com" }],
    ["Alice+tag@Example.COM", { kind: "email", email: "Alice+tag@Example.COM" }],
  ])("reads %s", (segment, key) => {
    expect(parseUserSegment(segment)).toEqual(key);
  });

  it.each(["", "0", "0456", "-1", "2147483648", "alice", "@", "@@alice", "@ali ce", "@-alice", "a b@c"])(
    "refuses %j",
    (segment) => {
      expect(parseUserSegment(segment)).toBeUndefined();
    },
  );
});

describe("parseUserName", () => {
  it("reads every user form", () => {
    expect(parseUserName("users/456", "parent")).toEqual({ kind: "id", id: 456 });
    expect(parseUserName("users/@alice", "parent")).toEqual({ kind: "username", username: "alice" });
    expect(parseUserName("users/a@b.c", "parent")).toEqual({ kind: "email", email: "a@b.c" });
  });

  it("names the field and the value it refuses", () => {
    expect(refusal(() => parseUserName("users/alice", "explicit_repo_permission.user")).rawMessage).toBe(
      'explicit_repo_permission.user: "users/alice" is not a user name; expected users/{id}, users/@{username} or users/{email}',
    );
    expect(refusal(() => parseUserName("", "parent")).rawMessage).toBe("parent: is required");
    refusal(() => parseUserName("user/456", "parent"));
    refusal(() => parseUserName("users/456/x", "parent"));
  });
});

describe("parseRepositoryName", () => {
  it("reads repositories/{id}", () => {
    expect(parseRepositoryName("repositories/123", "parent")).toBe(123);
  });

  it.each([
    "repositories/",
    "repositories/abc",
    "repositories/0",
    "repositories/007",
    "repositories/12/",
    "repository/12",
    "repositories/github.com/acme/api",
    "repositories/2147483648",
  ])("refuses %j naming the field", (value) => {
    expect(refusal(() => parseRepositoryName(value, "parent")).rawMessage).toMatch(
      /^parent: ".*" is not a repository name/,
    );
  });
});

describe("parsePermissionName", () => {
  it("reads the name with every user form", () => {
    expect(parsePermissionName("repositories/123/explicitRepoPermissions/456", "name")).toEqual({
      repositoryId: 123,
      user: { kind: "id", id: 456 },
    });
    expect(parsePermissionName("repositories/123/explicitRepoPermissions/@alice", "name").user).toEqual({
      kind: "username",
      username: "alice",
    });
    expect(parsePermissionName("repositories/123/explicitRepoPermissions/a@b.c", "name").user).toEqual({
      kind: "email",
      email: "a@b.c",
    });
  });

  it.each([
    "repositories/123",
    "repositories/123/explicitRepoPermissions",
    "repositories/123/explicitRepoPermissions/",
    "repositories/123/explicitRepoPermissions/alice",
    "repositories/123/explicitrepopermissions/456",
    "repositories/123/explicitRepoPermissions/456/x",
    "repositories/x/explicitRepoPermissions/456",
    "users/456",
  ])("refuses %j naming the field", (value) => {
    expect(refusal(() => parsePermissionName(value, "name")).rawMessage).toMatch(/^name: /);
  });
});

describe("parseParent", () => {
  it("reads both kinds of parent", () => {
    expect(parseParent("repositories/1", "parent")).toEqual({ kind: "repository", repositoryId: 1 });
    expect(parseParent("users/@bob", "parent")).toEqual({
      kind: "user",
      user: { kind: "username", username: "bob" },
    });
  });

  it("refuses anything else", () => {
    expect(refusal(() => parseParent("orgs/1", "parent")).rawMessage).toMatch(
      /^parent: "orgs\/1" is not a parent/,
    );
    expect(refusal(() => parseParent("", "parent")).rawMessage).toBe("parent: is required");
  });
});
