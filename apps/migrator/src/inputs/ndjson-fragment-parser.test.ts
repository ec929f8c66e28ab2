import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { NdjsonFragmentParser } from "./ndjson-fragment-parser.js";

function fragments(text: string, chunkBytes: number): AclFragment[] {
  const read: AclFragment[] = [];
  const parser = new NdjsonFragmentParser("a.ndjson", 1 << 20, (fragment) => read.push(fragment));
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += chunkBytes)
    parser.push(bytes.subarray(offset, offset + chunkBytes));
  parser.end();
  return read;
}

describe("NdjsonFragmentParser", () => {
  it.each([1, 7, 4096])("reads one record per line, CRLF and blank lines included (chunks of %i)", (size) => {
    const text =
      '{"repository": "a", "users": ["x", " "]}\r\n\r\n  \n{"repository": 5, "userPermissions": []}';
    expect(fragments(text, size)).toEqual([
      { repository: "a", users: [{ bindId: "x", line: 1 }], line: 1, droppedBlankBindIds: 1 },
      { repository: "5", users: [], line: 4, droppedBlankBindIds: 0 },
    ]);
  });

  it("explains a line JSON.parse refuses", () => {
    expect(() =>
      fragments('{"repository": "a", "users": []}\n{"repository": "a" "users": []}\n', 64),
    ).toThrow('a.ndjson:2: invalid JSON: expected "," or "}", got a string');
    expect(() => fragments('{"repository": "a", "users": []} {}\n', 64)).toThrow(
      "a.ndjson:1: invalid JSON: unexpected an object after the end of the record",
    );
  });
});
