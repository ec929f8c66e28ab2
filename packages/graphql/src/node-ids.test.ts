import * as contracts from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, InvalidNodeIdError } from "./errors.js";
import { databaseIdOf, decodeNodeId, encodeNodeId, requireNodeId } from "./node-ids.js";

// The codec itself is tested in @sgkit/contracts; these tests pin what this package adds: its error types.
describe("node IDs (relay: URL-safe base64 with padding of Kind:<JSON key>)", () => {
  it.each([
    ["Repository", 123, "UmVwb3NpdG9yeToxMjM="],
    ["User", 456, "VXNlcjo0NTY="],
    ["Org", 1, "T3JnOjE="],
  ])("encodes %s %s as %s and back", (kind, key, id) => {
    expect(encodeNodeId(kind, key)).toBe(id);
    expect(decodeNodeId(id)).toEqual({ kind, key });
  });

  it.each([
    ["", /it is empty/],
    ["UmVwb3NpdG9yeToxMjM", /not URL-safe base64 with padding/], // padding missing
    ["UmVwb3NpdG9yeToxMjM=x", /not URL-safe base64 with padding/],
    ["Um+wb3NpdG9yeToxMjM=", /not URL-safe base64 with padding/], // standard alphabet
    ["not an id!", /not URL-safe base64 with padding/],
    [btoa("Repository123"), /is not "Kind:<key>"/],
    [btoa(":123"), /is not "Kind:<key>"/],
    [btoa("Repository:abc"), /the key after "Repository:" is not JSON/],
    [btoa(String.fromCharCode(0xff, 0xfe, 0x3a, 0x31)), /not URL-safe base64 with padding of UTF-8 text/],
  ])("refuses %j with an InvalidNodeIdError naming it", (id, why) => {
    const error = (() => {
      try {
        decodeNodeId(id);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain(JSON.stringify(id));
    expect((error as Error).message).toMatch(why);
    expect((error as InvalidNodeIdError).id).toBe(id);
    expect((error as InvalidNodeIdError).code).toBe("invalid_argument");
  });

  it("refuses an ID of another kind than expected", () => {
    expect(() => decodeNodeId("VXNlcjo0NTY=", "Repository")).toThrow(
      /"VXNlcjo0NTY=" is not a Sourcegraph node ID: it is a User ID, not a Repository ID/,
    );
  });

  it("encodes as the server does, <>& escaped (the codec of @sgkit/contracts)", () => {
    expect(encodeNodeId("SearchContext", "@u/a<b>&c")).toBe(
      contracts.encodeNodeId("SearchContext", "@u/a<b>&c"),
    );
    expect(Buffer.from(encodeNodeId("SearchContext", "<&>"), "base64url").toString()).toBe(
      'SearchContext:"\\u003c\\u0026\\u003e"',
    );
  });

  it("refuses a kind it cannot encode and a key with no JSON form, with an InvalidArgumentError naming it", () => {
    expect(() => encodeNodeId("", 1)).toThrow(InvalidArgumentError);
    expect(() => encodeNodeId("", 1)).toThrow(expect.objectContaining({ argument: "kind" }));
    expect(() => encodeNodeId("Repository", Number.NaN)).toThrow(
      expect.objectContaining({ argument: "key" }),
    );
    expect(() => encodeNodeId("A:B", 1)).toThrow(/without ":"/);
    expect(() => encodeNodeId("Repository", Number.NaN)).toThrow(/JSON value/);
    expect(() => encodeNodeId("Repository", undefined as never)).toThrow(/JSON value/);
  });
});

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
