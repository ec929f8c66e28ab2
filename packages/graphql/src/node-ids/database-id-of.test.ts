import { describe, expect, it } from "vitest";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { databaseIdOf } from "./database-id-of.js";
import { encodeNodeId } from "./encode-node-id.js";

describe("databaseIdOf", () => {
  it("gives the numeric id a repository or user node ID holds", () => {
    expect(databaseIdOf("UmVwb3NpdG9yeToxMjM=", "Repository")).toBe(123);
    expect(databaseIdOf("VXNlcjo0NTY=", "User")).toBe(456);
    expect(databaseIdOf(encodeNodeId("User", 2 ** 31 - 1), "User")).toBe(2 ** 31 - 1);
  });

  it.each([
    ["VXNlcjo0NTY=", "Repository", /it is a User ID, not a Repository ID/],
    ["not an id", "Repository", /not URL-safe base64/],
    [encodeNodeId("Repository", "github.com/a/b"), "Repository", /holds the key "github.com\/a\/b", not a/],
    [encodeNodeId("Repository", 0), "Repository", /holds the key 0/],
    [encodeNodeId("Repository", 1.5), "Repository", /holds the key 1.5/],
  ])("refuses %s as a %s ID, quoting it", (id, kind, message) => {
    let error: unknown;
    try {
      databaseIdOf(id, kind);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(JSON.stringify(id));
  });
});
