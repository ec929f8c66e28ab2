import { describe, expect, it } from "vitest";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { userName } from "./user-name.js";

describe("userName", () => {
  it.each([
    [456, "users/456"],
    ["456", "users/456"],
    ["@alice", "users/@alice"],
    ["alice@example.com", "users/alice@example.com"],
    ["Alice@Example.com", "users/Alice@Example.com"],
    ["users/456", "users/456"],
    ["users/@alice", "users/@alice"],
    ["users/alice@example.com", "users/alice@example.com"],
  ])("names %j %s", (input, expected) => {
    expect(userName(input)).toBe(expected);
  });

  it.each([
    "alice",
    "",
    "@",
    "users/",
    "users/alice",
    "users/users/456",
    "0",
    "2147483648",
    "users/2147483648",
    2 ** 31,
    -5,
    0,
    4.5,
    "@al/ice",
    "a@b@c",
    " @alice",
  ])("refuses %j rather than guessing", (input) => {
    expect(() => userName(input)).toThrow(InvalidResourceNameError);
  });

  it("says which forms it takes", () => {
    expect(() => userName("alice")).toThrow(
      'Invalid user "alice": expected a numeric user id (456; 1 to 2147483647), @username, an email address, or users/{numeric id}, users/@{username} or users/{email}.',
    );
    try {
      userName("alice");
    } catch (error) {
      expect(error).toMatchObject({ value: "alice", resourceKind: "user", code: "invalid_argument" });
    }
  });
});
