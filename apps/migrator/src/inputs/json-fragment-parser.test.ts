import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { JsonFragmentParser } from "./json-fragment-parser.js";

function fragments(text: string): AclFragment[] {
  const read: AclFragment[] = [];
  const parser = new JsonFragmentParser("a.json", 1 << 20, (fragment) => read.push(fragment));
  parser.push(new TextEncoder().encode(text));
  parser.end();
  return read;
}

describe("JsonFragmentParser", () => {
  it("gives each user the line it is on", () => {
    const text =
      '[\n {"repository": "a",\n  "userPermissions": [\n    {"bindID": "x"},\n    {\n      "bindID": "y"}]}]';
    expect(fragments(text)).toEqual([
      {
        repository: "a",
        users: [
          { bindId: "x", line: 4 },
          { bindId: "y", line: 6 },
        ],
        line: 2,
        droppedBlankBindIds: 0,
      },
    ]);
  });

  it("reads nothing from a document of whitespace, and refuses what the records hold", () => {
    expect(fragments(" \n ")).toEqual([]);
    expect(() => fragments('[{"repository": "a", "users": [null]}]')).toThrow(
      'a.json:1: field "users[0]": expected a string, got null',
    );
  });
});
