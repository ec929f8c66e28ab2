import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { CsvFragmentParser, CsvRecordAssembler, CsvRepositoryTally, CsvRowParser } from "./csv-format.js";

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

function rows(text: string, chunkBytes = 3, maxRecordBytes = 1 << 20): [string[], number][] {
  const read: [string[], number][] = [];
  const parser = new CsvRowParser({
    file: "a.csv",
    maxRecordBytes,
    onRow: (fields, line) => read.push([fields, line]),
  });
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += chunkBytes)
    parser.push(bytes.subarray(offset, offset + chunkBytes));
  parser.end();
  return read;
}

describe("CsvRowParser", () => {
  it("reads RFC 4180 rows: quoted commas, doubled quotes, line breaks in quotes, CRLF", () => {
    expect(rows('a,b\r\n"x,y","say ""hi"""\r\n"multi\r\nline",z\r\n,\r\nlast,')).toEqual([
      [["a", "b"], 1],
      [["x,y", 'say "hi"'], 2],
      [["multi\nline", "z"], 3],
      [["", ""], 5],
      [["last", ""], 6],
    ]);
  });

  it("skips blank lines but keeps fields as written", () => {
    expect(rows("\n  \r\n a , b \n\n")).toEqual([[[" a ", " b "], 3]]);
  });

  it("keeps the row's own line when a quoted field spans lines", () => {
    expect(rows('h,u\n"a\n\nb",c\nd,e\n', 100)).toEqual([
      [["h", "u"], 1],
      [["a\n\nb", "c"], 2],
      [["d", "e"], 5],
    ]);
  });

  it.each([
    ['a,"b\nc,d\n', "a.csv:1: unterminated quoted field: its opening quote is never closed"],
    [
      'a,b\n"x"y,z\n',
      'a.csv:2: unexpected "y,z" after a closing quote (a quoted field ends at a comma or the end of the row)',
    ],
    [
      'a,b\nx"y,z\n',
      'a.csv:2: a quote inside an unquoted field: quote the whole field and double the quotes in it ("a""b")',
    ],
  ])("refuses %j", (text, message) => {
    expect(() => rows(text)).toThrow(message);
  });

  it("refuses a row whose lines together pass the limit, at the row's first line", () => {
    expect(() => rows(`a,b\n"${"x\n".repeat(10)}",c\n`, 4, 12)).toThrow(
      "a.csv:2: row longer than 12 bytes (the maxRecordBytes limit)",
    );
  });
});

const row = (repository: string, user: string, line: number): AclFragment => ({
  repository,
  users: user === "" ? [] : [{ bindId: user, line }],
  line,
  droppedBlankBindIds: 0,
});

describe("CsvRecordAssembler", () => {
  it("completes each wanted repository at its last row, merging duplicate users, skipping others", () => {
    const assembler = new CsvRecordAssembler(
      new Map([
        ["a", 3],
        ["c", 4],
      ]),
      "f.csv",
    );
    const csvRows = [row("a", "x", 2), row("b", "y", 3), row("a", "z", 4), row("a", "x", 5), row("c", "", 6)];
    const records = csvRows.map((fragment, index) => assembler.add(fragment, index));
    expect(records).toEqual([
      undefined,
      undefined,
      undefined,
      {
        repository: "a",
        users: [
          { bindId: "x", line: 2 },
          { bindId: "z", line: 4 },
        ],
        location: { file: "f.csv", line: 2 },
      },
      { repository: "c", users: [], location: { file: "f.csv", line: 6 } },
    ]);
  });
});

describe("CsvRecordAssembler with keys", () => {
  it("gathers the rows of references that share a key into one record, named by the group's last row", () => {
    const assembler = new CsvRecordAssembler(new Map([["#4", 2]]), "f.csv", (reference) =>
      reference === "github.com/acme/r4" || reference === "4" ? "#4" : reference,
    );
    const csvRows = [
      row("github.com/acme/r4", "alice", 2),
      row("4", "bob", 3),
      row("github.com/acme/r4", "carol", 4),
    ];
    expect(csvRows.map((fragment, index) => assembler.add(fragment, index))).toEqual([
      undefined,
      undefined,
      {
        repository: "github.com/acme/r4",
        users: [
          { bindId: "alice", line: 2 },
          { bindId: "bob", line: 3 },
          { bindId: "carol", line: 4 },
        ],
        location: { file: "f.csv", line: 2 },
        references: ["github.com/acme/r4", "4"],
      },
    ]);
  });
});

describe("CsvRepositoryTally", () => {
  it("counts distinct users exactly for contiguous rows, and marks scattered repositories split", () => {
    const tally = new CsvRepositoryTally();
    [row("a", "x", 2), row("a", "x", 3), row("a", "y", 4), row("b", "x", 5), row("a", "x", 6)].forEach(
      (fragment, index) => {
        tally.add(fragment, index);
      },
    );
    expect(Object.fromEntries(tally.repositories)).toEqual({
      a: { line: 2, closesAt: 4, users: 3, split: true },
      b: { line: 5, closesAt: 3, users: 1, split: false },
    });
  });
});
