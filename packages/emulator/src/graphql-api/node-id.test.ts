import { describe, expect, it } from "vitest";
import { decodeNodeId } from "./decode-node-id.js";
import { encodeNodeId } from "./encode-node-id.js";

describe("node IDs", () => {
  it.each([
    ["Repository", 123, "UmVwb3NpdG9yeToxMjM="],
    ["User", 456, "VXNlcjo0NTY="],
    ["Org", 1, "T3JnOjE="],
    ["Repository", 101, "UmVwb3NpdG9yeToxMDE="],
    ["SearchContext", "@u/ctx", "U2VhcmNoQ29udGV4dDoiQHUvY3R4Ig=="],
    ["SearchContext", "global-ctx", "U2VhcmNoQ29udGV4dDoiZ2xvYmFsLWN0eCI="],
  ])("%s:%j is %s, and back", (kind, key, id) => {
    expect(encodeNodeId(kind, key)).toBe(id);
    expect(decodeNodeId(id)).toEqual({ kind, key });
  });

  it("uses the URL-safe alphabet with padding", () => {
    // "SearchContext:\"@acme/ü?>\"" needs both 62 and 63 of the alphabet.
    const id = encodeNodeId("SearchContext", "@acme/??>>~~");
    expect(id).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(id).toMatch(/[-_]/);
    expect(id.length % 4).toBe(0);
    expect(decodeNodeId(id).key).toBe("@acme/??>>~~");
  });

  it.each([
    ["", /URL-safe base64/],
    ["UmVwb3NpdG9yeToxMjM", /URL-safe base64/], // no padding
    ["UmVwb3NpdG9yeToxMjM=\n", /URL-safe base64/],
    ["not an id!", /URL-safe base64/],
    [Buffer.from('SearchContext:"@acme/??>>~~"').toString("base64"), /URL-safe base64/], // standard alphabet
    ["UmVwb3NpdG9yeToxMjN=", /URL-safe base64/], // non-canonical final bits
    [Buffer.from("123").toString("base64"), /no "Kind:" prefix/],
    [Buffer.from(":123").toString("base64"), /no "Kind:" prefix/],
    [Buffer.from("Repository:{oops").toString("base64"), /not JSON/],
  ])("refuses %j", (id, message) => {
    expect(() => decodeNodeId(id)).toThrow(TypeError);
    expect(() => decodeNodeId(id)).toThrow(message);
  });
});
