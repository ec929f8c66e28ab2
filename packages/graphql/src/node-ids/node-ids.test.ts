import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { decodeNodeId } from "./decode-node-id.js";
import { encodeNodeId } from "./encode-node-id.js";

describe("node IDs (relay: URL-safe base64 with padding of Kind:<JSON key>)", () => {
  it.each([
    ["Repository", 123, "UmVwb3NpdG9yeToxMjM="],
    ["User", 456, "VXNlcjo0NTY="],
    ["Org", 1, "T3JnOjE="],
  ])("encodes %s %s as %s and back", (kind, key, id) => {
    expect(encodeNodeId(kind, key)).toBe(id);
    expect(decodeNodeId(id)).toEqual({ kind, key });
  });

  it("keys a search context by its spec string (quotes in the text)", () => {
    const id = encodeNodeId("SearchContext", "@u/ctx");
    expect(atob(id.replaceAll("-", "+").replaceAll("_", "/"))).toBe('SearchContext:"@u/ctx"');
    expect(decodeNodeId(id)).toEqual({ kind: "SearchContext", key: "@u/ctx" });
    expect(decodeNodeId(id, "SearchContext").key).toBe("@u/ctx");
  });

  it("uses the URL-safe alphabet and keeps the padding", () => {
    // "SearchContext:\"??>\"" has bytes whose standard base64 holds "+" and "/".
    const id = encodeNodeId("SearchContext", "a?>~");
    expect(id).not.toMatch(/[+/]/);
    expect(id.length % 4).toBe(0);
    expect(decodeNodeId(id).key).toBe("a?>~");
  });

  it("escapes <, >, & as Go's encoding/json does, so IDs match the server's byte for byte", () => {
    const id = encodeNodeId("SearchContext", "@u/a<b>&c");
    const text = new TextDecoder().decode(
      Uint8Array.from(atob(id.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0)),
    );
    expect(text).toBe('SearchContext:"@u/a\\u003cb\\u003e\\u0026c"');
    expect(decodeNodeId(id).key).toBe("@u/a<b>&c");
  });

  it("round-trips non-ASCII keys as UTF-8 (no Buffer needed)", () => {
    for (const spec of ["@jöns/kontext", "@用户/上下文", "emoji 🚀"]) {
      expect(decodeNodeId(encodeNodeId("SearchContext", spec))).toEqual({ kind: "SearchContext", key: spec });
    }
    expect(encodeNodeId("SearchContext", "@jöns/x")).toBe(
      btoa(String.fromCharCode(...new TextEncoder().encode('SearchContext:"@jöns/x"')))
        .replaceAll("+", "-")
        .replaceAll("/", "_"),
    );
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

  it("refuses a kind it cannot encode and a key with no JSON form", () => {
    expect(() => encodeNodeId("", 1)).toThrow(InvalidArgumentError);
    expect(() => encodeNodeId("A:B", 1)).toThrow(/without ":"/);
    expect(() => encodeNodeId("Repository", Number.NaN)).toThrow(/JSON value/);
    expect(() => encodeNodeId("Repository", undefined as never)).toThrow(/JSON value/);
  });
});
