import { encodeNodeId } from "@sgkit/graphql";
import { describe, expect, it } from "vitest";
import { legacyAnswer, repositoryIdOf } from "./legacy-answers.js";

describe("legacyAnswer", () => {
  it("answers success under each response key, as the legacy mutation does", () => {
    expect(JSON.parse(legacyAnswer(["a", "setRepositoryPermissionsForUsers"], []))).toEqual({
      data: { a: { alwaysNil: null }, setRepositoryPermissionsForUsers: { alwaysNil: null } },
    });
  });

  it("answers errors with their paths and null data, without a token in them", () => {
    const token = "sgp_0123456789abcdef_0123456789abcdef0123456789abcdef01234567";
    const body = legacyAnswer(["a"], [{ message: `refused token ${token}`, path: ["a"] }]);
    expect(body).not.toContain(token);
    expect(JSON.parse(body)).toMatchObject({ data: null, errors: [{ path: ["a"] }] });
  });
});

describe("repositoryIdOf", () => {
  it("reads a repository node ID's id", () => {
    expect(repositoryIdOf("UmVwb3NpdG9yeToxMjM=")).toEqual({ id: 123 });
  });

  it.each([
    [encodeNodeId("User", 10), 'repository: "VXNlcjoxMA==" is a User ID, not a Repository ID'],
    [
      encodeNodeId("Repository", "x"),
      `repository: "${encodeNodeId("Repository", "x")}" is not a valid Repository ID`,
    ],
    [
      encodeNodeId("Repository", 2 ** 31),
      `repository: "${encodeNodeId("Repository", 2 ** 31)}" is not a valid Repository ID`,
    ],
  ])("refuses %s", (node, message) => {
    expect(repositoryIdOf(node)).toEqual({ message });
  });

  it("refuses what is not a node ID, naming the argument", () => {
    expect(repositoryIdOf("not an ID")).toMatchObject({ message: expect.stringMatching(/^repository: /) });
  });
});
