import { describe, expect, it } from "vitest";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { repositoryName } from "./repository-name.js";

describe("repositoryName", () => {
  it.each([
    [123, "repositories/123"],
    ["123", "repositories/123"],
    ["repositories/123", "repositories/123"],
    [2 ** 31 - 1, "repositories/2147483647"],
  ])("names %j %s", (input, expected) => {
    expect(repositoryName(input)).toBe(expected);
  });

  it.each([
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 31,
    "2147483648",
    "repositories/2147483648",
    "",
    "0",
    "0123",
    "abc",
    "github.com/acme/api",
    "repositories/",
    "repositories/repositories/1",
    "users/1",
    " 1",
  ])("refuses %j, saying what an id is", (input) => {
    expect(() => repositoryName(input)).toThrow(InvalidResourceNameError);
    expect(() => repositoryName(input)).toThrow(/database id/);
  });

  it("refuses values that are not strings or numbers", () => {
    expect(() => repositoryName(undefined as unknown as string)).toThrow(InvalidResourceNameError);
    expect(() => repositoryName({} as unknown as string)).toThrow(/Invalid repository object/);
  });
});
