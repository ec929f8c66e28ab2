import { describe, expect, it } from "vitest";
import { decodeNodeId, encodeNodeId, NodeIdError } from "./node-id.js";

/** The text inside an ID, decoded with Node's own base64url (a second implementation to check against). */
const textOf = (id: string) => Buffer.from(id, "base64url").toString("utf8");

describe("node IDs (relay: URL-safe base64 with padding of Kind:<JSON key>)", () => {
  it.each([
    ["Repository", 123, "UmVwb3NpdG9yeToxMjM="],
    ["User", 456, "VXNlcjo0NTY="],
    ["Org", 1, "T3JnOjE="],
    ["Repository", 101, "UmVwb3NpdG9yeToxMDE="],
    ["SearchContext", "@u/ctx", "U2VhcmNoQ29udGV4dDoiQHUvY3R4Ig=="],
    ["SearchContext", "global-ctx", "U2VhcmNoQ29udGV4dDoiZ2xvYmFsLWN0eCI="],
  ])("encodes %s %j as %s and back", (kind, key, id) => {
    expect(encodeNodeId(kind, key)).toBe(id);
    expect(decodeNodeId(id)).toEqual({ kind, key });
  });

  it("keys a search context by its spec string (quotes in the text)", () => {
    const id = encodeNodeId("SearchContext", "@u/ctx");
    expect(textOf(id)).toBe('SearchContext:"@u/ctx"');
    expect(decodeNodeId(id, "SearchContext").key).toBe("@u/ctx");
  });

  it("uses the URL-safe alphabet and keeps the padding", () => {
    // The bytes of `SearchContext:"a?>~"` put both 62 and 63 of the alphabet ("+" and "/" in standard base64).
    const id = encodeNodeId("SearchContext", "a?>~");
    expect(Buffer.from(textOf(id)).toString("base64")).toMatch(/[+/]/);
    expect(id).not.toMatch(/[+/]/);
    expect(id).toMatch(/[-_]/);
    expect(id.length % 4).toBe(0);
    expect(decodeNodeId(id).key).toBe("a?>~");
  });

  it("escapes <, >, &, U+2028 and U+2029 as Go's encoding/json does, so IDs match the server's byte for byte", () => {
    const id = encodeNodeId("SearchContext", "@u/a<b>&c\u2028\u2029");
    expect(textOf(id)).toBe('SearchContext:"@u/a\\u003cb\\u003e\\u0026c\\u2028\\u2029"');
    // What Go's relay.MarshalID("SearchContext", "@u/a<b>&c") returns.
    expect(encodeNodeId("SearchContext", "@u/a<b>&c")).toBe(
      "U2VhcmNoQ29udGV4dDoiQHUvYVx1MDAzY2JcdTAwM2VcdTAwMjZjIg==",
    );
    expect(decodeNodeId(id).key).toBe("@u/a<b>&c\u2028\u2029");
  });

  it("round-trips non-ASCII keys as UTF-8 (no Buffer needed)", () => {
    for (const spec of ["@jöns/kontext", "@用户/上下文", "emoji 🚀"]) {
      expect(decodeNodeId(encodeNodeId("SearchContext", spec))).toEqual({ kind: "SearchContext", key: spec });
    }
    const base64url = Buffer.from('SearchContext:"@jöns/x"', "utf8").toString("base64url");
    expect(encodeNodeId("SearchContext", "@jöns/x")).toBe(
      base64url.padEnd(Math.ceil(base64url.length / 4) * 4, "="),
    );
  });

  it.each([
    ["", /it is empty/],
    ["UmVwb3NpdG9yeToxMjM", /not URL-safe base64 with padding/], // padding missing
    ["UmVwb3NpdG9yeToxMjM=x", /not URL-safe base64 with padding/],
    ["UmVwb3NpdG9yeToxMjM=\n", /not URL-safe base64 with padding/],
    ["Um+wb3NpdG9yeToxMjM=", /not URL-safe base64 with padding/], // standard alphabet
    ["not an id!", /not URL-safe base64 with padding/],
    [btoa("Repository123"), /is not "Kind:<key>"/],
    [btoa(":123"), /is not "Kind:<key>"/],
    [btoa("Repository:abc"), /the key after "Repository:" is not JSON/],
    [btoa(String.fromCharCode(0xff, 0xfe, 0x3a, 0x31)), /not URL-safe base64 with padding of UTF-8 text/],
  ])("refuses %j with a NodeIdError quoting it", (id, why) => {
    let error: unknown;
    try {
      decodeNodeId(id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NodeIdError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(JSON.stringify(id));
    expect((error as Error).message).toMatch(why);
    expect(error).toMatchObject({ name: "NodeIdError", argument: "id", id });
  });

  it("refuses an ID of another kind than expected", () => {
    expect(() => decodeNodeId("VXNlcjo0NTY=", "Repository")).toThrow(
      /"VXNlcjo0NTY=" is not a Sourcegraph node ID: it is a User ID, not a Repository ID/,
    );
  });

  it("refuses a kind it cannot encode and a key with no JSON form, naming the argument", () => {
    const refusal = (kind: string, key: unknown) => {
      try {
        encodeNodeId(kind, key as never);
      } catch (error) {
        return error as NodeIdError;
      }
      return undefined;
    };
    expect(refusal("", 1)).toMatchObject({ name: "NodeIdError", argument: "kind", id: undefined });
    expect(refusal("A:B", 1)?.message).toMatch(/without ":"/);
    expect(refusal("Repository", Number.NaN)).toMatchObject({ argument: "key", message: /JSON value/ });
    expect(refusal("Repository", undefined)).toMatchObject({ argument: "key", message: /JSON value/ });
    expect(refusal("Repository", 1n)).toMatchObject({ argument: "key", message: /JSON value/ });
  });
});
