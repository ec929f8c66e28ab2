import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { CsvFragmentParser } from "./csv-fragment-parser.js";

function fragments(text: string): AclFragment[] {
  const read: AclFragment[] = [];
  const parser = new CsvFragmentParser("a.csv", 1 << 20, (fragment) => read.push(fragment));
  parser.push(new TextEncoder().encode(text));
  parser.end();
  return read;
}

describe("CsvFragmentParser", () => {
  it("reads one fragment per row, in either column order, trimming both fields", () => {
    expect(fragments(" USER , Repository \nalice , github.com/acme/api\n,  github.com/acme/web \n")).toEqual([
      {
        repository: "github.com/acme/api",
        users: [{ bindId: "alice", line: 2 }],
        line: 2,
        droppedBlankBindIds: 0,
      },
      { repository: "github.com/acme/web", users: [], line: 3, droppedBlankBindIds: 0 },
    ]);
  });

  it.each([
    ["user\n", 'a.csv:1: the header must be "repository,user" (any case, either order), got "user"'],
    [
      "repository,repository\n",
      'a.csv:1: the header must be "repository,user" (any case, either order), got "repository,repository"',
    ],
    ["repository,user\na\n", "a.csv:2: expected 2 columns (repository,user), got 1"],
    ['repository,user\n"",x\n', 'a.csv:2: field "repository": must not be blank'],
  ])("refuses %j", (text, message) => {
    expect(() => fragments(text)).toThrow(message);
  });

  it("reads nothing from an empty file", () => {
    expect(fragments("")).toEqual([]);
  });
});
