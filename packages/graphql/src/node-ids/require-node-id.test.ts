import { describe, expect, it } from "vitest";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { encodeNodeId } from "./encode-node-id.js";
import { requireNodeId } from "./require-node-id.js";

describe("requireNodeId", () => {
  it("accepts an ID of an expected kind", () => {
    expect(() => requireNodeId(encodeNodeId("Repository", 123), "repository", "Repository")).not.toThrow();
    expect(() => requireNodeId(encodeNodeId("Org", 7), "namespace", "User", "Org")).not.toThrow();
  });

  it.each([
    ["not a node id!", /^repository: "not a node id!" is not a Sourcegraph node ID/],
    [encodeNodeId("User", 456), /^repository: "VXNlcjo0NTY=" is a User ID, not a Repository ID\.$/],
    [123, /^repository must be a node ID \(a string\), not 123\.$/],
  ])("refuses %s naming the argument", (id, message) => {
    const error = (() => {
      try {
        requireNodeId(id, "repository", "Repository");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect((error as InvalidNodeIdError).message).toMatch(message);
    expect((error as InvalidNodeIdError).toJSON()).toMatchObject({ argument: "repository", id: String(id) });
  });
});
