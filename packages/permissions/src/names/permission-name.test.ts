import { describe, expect, it } from "vitest";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { parseResourceName } from "./parse-resource-name.js";
import { permissionName } from "./permission-name.js";

describe("permissionName", () => {
  it.each([
    [123, 456, "repositories/123/explicitRepoPermissions/456"],
    ["repositories/123", "@alice", "repositories/123/explicitRepoPermissions/@alice"],
    ["123", "users/alice@example.com", "repositories/123/explicitRepoPermissions/alice@example.com"],
    [123, "users/456", "repositories/123/explicitRepoPermissions/456"],
  ])("names (%j, %j) %s, which parses back", (repository, user, expected) => {
    expect(permissionName(repository, user)).toBe(expected);
    expect(parseResourceName(expected, "permission").name).toBe(expected);
  });

  it("refuses a malformed repository or user", () => {
    expect(() => permissionName("repo", "@alice")).toThrow(InvalidResourceNameError);
    expect(() => permissionName(123, "alice")).toThrow(InvalidResourceNameError);
  });
});
