import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { JsonFragmentParser, NdjsonFragmentParser, parseAclRecord } from "./json-formats.js";

function jsonFragments(text: string): AclFragment[] {
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
    expect(jsonFragments(text)).toEqual([
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
    expect(jsonFragments(" \n ")).toEqual([]);
    expect(() => jsonFragments('[{"repository": "a", "users": [null]}]')).toThrow(
      'a.json:1: field "users[0]": expected a string, got null',
    );
  });
});

function ndjsonFragments(text: string, chunkBytes: number): AclFragment[] {
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
    expect(ndjsonFragments(text, size)).toEqual([
      { repository: "a", users: [{ bindId: "x", line: 1 }], line: 1, droppedBlankBindIds: 1 },
      { repository: "5", users: [], line: 4, droppedBlankBindIds: 0 },
    ]);
  });

  it("explains a line JSON.parse refuses", () => {
    expect(() =>
      ndjsonFragments('{"repository": "a", "users": []}\n{"repository": "a" "users": []}\n', 64),
    ).toThrow('a.ndjson:2: invalid JSON: expected "," or "}", got a string');
    expect(() => ndjsonFragments('{"repository": "a", "users": []} {}\n', 64)).toThrow(
      "a.ndjson:1: invalid JSON: unexpected an object after the end of the record",
    );
  });
});

const parse = (value: unknown) => parseAclRecord(value, "a.ndjson", (path) => 10 + path.length);

describe("parseAclRecord", () => {
  it("reads users, or the legacy mutation's userPermissions", () => {
    expect(parse({ repository: "r", users: ["x", "y", "x"] })).toEqual({
      repository: "r",
      users: [
        { bindId: "x", line: 12 },
        { bindId: "y", line: 12 },
      ],
      line: 10,
      droppedBlankBindIds: 0,
    });
    expect(
      parse({ repository: 9, userPermissions: [{ bindID: "x", permission: "READ" }, { bindID: "" }] }),
    ).toEqual({
      repository: "9",
      users: [{ bindId: "x", line: 13 }],
      line: 10,
      droppedBlankBindIds: 1,
    });
  });

  it.each([
    [null, "a.ndjson:10: expected an ACL record (an object), got null"],
    [{ users: [] }, 'a.ndjson:11: field "repository": missing: every record names its repository'],
    [
      { repository: 1.5, users: [] },
      'a.ndjson:11: field "repository": expected a positive integer id, got 1.5',
    ],
    [
      { repository: 2 ** 53, users: [] },
      'a.ndjson:11: field "repository": expected a positive integer id, got 9007199254740992',
    ],
    [{ repository: "r", users: "x" }, 'a.ndjson:11: field "users": expected an array, got string'],
    [
      { repository: "r", userPermissions: ["x"] },
      'a.ndjson:12: field "userPermissions[0]": expected an object with "bindID", got string',
    ],
    [{ repository: "r", userPermissions: [{}] }, 'a.ndjson:13: field "userPermissions[0].bindID": missing'],
    [
      { repository: "r", userPermissions: [{ bindID: 1 }] },
      'a.ndjson:13: field "userPermissions[0].bindID": expected a string, got number',
    ],
    [
      { repository: "r", userPermissions: [{ bindID: "x", permission: null }] },
      'a.ndjson:13: field "userPermissions[0].permission": expected "READ" (the only permission there is), got null',
    ],
    [
      { repository: "r", userPermissions: [{ bindID: "x", permission: "read" }] },
      'a.ndjson:13: field "userPermissions[0].permission": expected "READ" (the only permission there is), got "read"',
    ],
  ])("refuses %j", (value, message) => {
    expect(() => parse(value)).toThrow(message);
  });
});
