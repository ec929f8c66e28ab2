import { describe, expect, it } from "vitest";
import { parseAclRecord } from "./parse-acl-record.js";

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
