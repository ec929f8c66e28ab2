import { createHash } from "node:crypto";
import { chmod, mkdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { collect, ndjson as lines } from "../../test/support/records.js";
import { useTempDir } from "../../test/support/temp-files.js";
import { InputError } from "./input-error.js";
import type { RecordLocation, SourceLocation } from "./input-types.js";
import { readFileFragments } from "./read-file-fragments.js";
import { readWinningRecords } from "./read-winning-records.js";
import { countCsvRecordUsers, scanFile, scanInputs } from "./scan-inputs.js";

const tmp = useTempDir();

describe("scanInputs and readWinningRecords", () => {
  it("read NDJSON, JSON (an array, or a legacy mutation's variables) and CSV", async () => {
    const ndjsonText = lines(
      { repository: "github.com/acme/api", users: ["alice", "bob@example.com"] },
      "",
      { repository: 42, users: [] },
      {
        repository: "UmVwb3NpdG9yeToxMjM=",
        userPermissions: [{ bindID: "carol" }, { bindID: "dave", permission: "READ" }],
      },
    );
    const ndjson = await tmp.write("formats.ndjson", ndjsonText);
    const json = await tmp.write(
      "formats.json",
      '[\n  {"repository": "github.com/acme/web",\n   "users": [\n     "erin"\n   ]}\n]\n',
    );
    const variables = await tmp.write(
      "variables.json",
      JSON.stringify({ repository: "UmVwb3NpdG9yeTo3", userPermissions: [{ bindID: "frank" }] }, null, 2),
    );
    const csv = await tmp.write(
      "formats.csv",
      'User,Repository\r\ngina,github.com/acme/cli\r\n"h,""ank",github.com/acme/cli\r\n',
    );

    const index = await scanInputs([ndjson, json, variables, csv]);

    expect(index.files.map(({ path, format, records }) => ({ path, format, records }))).toEqual([
      { path: ndjson, format: "ndjson", records: 3 },
      { path: json, format: "json", records: 1 },
      { path: variables, format: "json", records: 1 },
      { path: csv, format: "csv", records: 1 },
    ]);
    expect(index.files[0]?.sha256).toBe(createHash("sha256").update(ndjsonText).digest("hex"));
    expect(index.files[0]?.bytes).toBe(Buffer.byteLength(ndjsonText));
    expect([...index.bindIds]).toEqual([
      ["alice", { file: ndjson, line: 1 }],
      ["bob@example.com", { file: ndjson, line: 1 }],
      ["carol", { file: ndjson, line: 4 }],
      ["dave", { file: ndjson, line: 4 }],
      ["erin", { file: json, line: 4 }],
      ["frank", { file: variables, line: 5 }],
      ["gina", { file: csv, line: 2 }],
      ['h,"ank', { file: csv, line: 3 }],
    ]);
    expect(index.entries).toBe(8);

    expect(await collect(readWinningRecords(index))).toEqual([
      {
        repository: "github.com/acme/api",
        users: [
          { bindId: "alice", line: 1 },
          { bindId: "bob@example.com", line: 1 },
        ],
        location: { file: ndjson, line: 1 },
      },
      { repository: "42", users: [], location: { file: ndjson, line: 3 } },
      {
        repository: "UmVwb3NpdG9yeToxMjM=",
        users: [
          { bindId: "carol", line: 4 },
          { bindId: "dave", line: 4 },
        ],
        location: { file: ndjson, line: 4 },
      },
      {
        repository: "github.com/acme/web",
        users: [{ bindId: "erin", line: 4 }],
        location: { file: json, line: 2 },
      },
      {
        repository: "UmVwb3NpdG9yeTo3",
        users: [{ bindId: "frank", line: 5 }],
        location: { file: variables, line: 1 },
      },
      {
        repository: "github.com/acme/cli",
        users: [
          { bindId: "gina", line: 2 },
          { bindId: 'h,"ank', line: 3 },
        ],
        location: { file: csv, line: 2 },
      },
    ]);
  });

  it("let the last record of a repository win, within a file and across files", async () => {
    const first = await tmp.write(
      "wins-1.ndjson",
      lines(
        { repository: "a", users: ["alice"] },
        { repository: "b", users: ["bob"] },
        { repository: "a", users: ["carol"] },
        { repository: 7, users: ["seven"] },
      ),
    );
    const second = await tmp.write(
      "wins-2.json",
      '[{"repository": "b", "users": []}, {"repository": "c", "users": ["x"]}, {"repository": "c", "users": ["y", "z"]},\n {"repository": "7", "users": ["string seven"]}]',
    );
    const index = await scanInputs([first, second]);
    expect([...index.repositories]).toEqual([
      ["a", { file: first, line: 3, fileIndex: 0, closesAt: 2, users: 1 }],
      ["b", { file: second, line: 1, fileIndex: 1, closesAt: 0, users: 0 }],
      ["7", { file: second, line: 2, fileIndex: 1, closesAt: 3, users: 1 }],
      ["c", { file: second, line: 1, fileIndex: 1, closesAt: 2, users: 2 }],
    ]);
    expect(index.entries).toBe(4);
    expect(index.bindIds.size).toBe(8);
    const records = await collect(readWinningRecords(index));
    expect(records.map(({ repository, users }) => [repository, users.map((user) => user.bindId)])).toEqual([
      ["a", ["carol"]],
      ["b", []],
      ["c", ["y", "z"]],
      ["7", ["string seven"]],
    ]);
  });

  it("count a path given twice as two files, the second winning", async () => {
    const path = await tmp.write("twice.ndjson", lines({ repository: "a", users: ["alice"] }));
    const index = await scanInputs([path, path]);
    expect(index.repositories.get("a")).toMatchObject({ fileIndex: 1 });
    expect(await collect(readWinningRecords(index))).toHaveLength(1);
  });

  it("make a CSV repository's record of all its rows in the file, contiguous or not", async () => {
    const csv = await tmp.write(
      "scattered.csv",
      "repository,user\na,alice\nb,bob\na,carol\na, alice \nb,\nc,\nd,dan\nd,dan\n",
    );
    const later = await tmp.write("later.csv", "repository,user\nd,\n");
    const index = await scanInputs([csv, later]);
    expect(index.files[0]?.records).toBe(4);
    expect(index.repositories.get("a")).toEqual({ file: csv, line: 2, fileIndex: 0, closesAt: 3, users: 2 });
    expect(index.repositories.get("b")).toEqual({ file: csv, line: 3, fileIndex: 0, closesAt: 4, users: 1 });
    expect(index.repositories.get("d")).toEqual({
      file: later,
      line: 2,
      fileIndex: 1,
      closesAt: 0,
      users: 0,
    });
    expect(index.entries).toBe(3);
    const records = await collect(readWinningRecords(index));
    expect(records).toEqual([
      {
        repository: "a",
        users: [
          { bindId: "alice", line: 2 },
          { bindId: "carol", line: 4 },
        ],
        location: { file: csv, line: 2 },
      },
      { repository: "b", users: [{ bindId: "bob", line: 3 }], location: { file: csv, line: 3 } },
      { repository: "c", users: [], location: { file: csv, line: 7 } },
      { repository: "d", users: [], location: { file: later, line: 2 } },
    ]);
  });

  it("trim bindIDs, merge duplicates keeping the first, and drop and count blank ones", async () => {
    const path = await tmp.write(
      "blanks.ndjson",
      lines(
        { repository: " github.com/acme/api ", users: [" alice ", "alice", "", "  ", "Alice"] },
        { repository: "b", userPermissions: [{ bindID: "\t" }, { bindID: "bob" }] },
      ),
    );
    const index = await scanInputs([path]);
    expect(index.droppedBlankBindIds).toBe(3);
    expect(index.files[0]?.droppedBlankBindIds).toBe(3);
    expect([...index.bindIds.keys()]).toEqual(["alice", "Alice", "bob"]);
    const [record] = await collect(readWinningRecords(index));
    expect(record?.repository).toBe("github.com/acme/api");
    expect(record?.users.map((user) => user.bindId)).toEqual(["alice", "Alice"]);
  });

  it("skip a leading UTF-8 byte order mark in every format", async () => {
    const bom = "\ufeff";
    const paths = await Promise.all([
      tmp.write("bom.ndjson", `${bom}${lines({ repository: "a", users: ["x"] })}`),
      tmp.write("bom.json", `${bom}{"repository": "b", "users": ["y"]}`),
      tmp.write("bom.csv", `${bom}repository,user\nc,z\n`),
    ]);
    const index = await scanInputs(paths);
    expect([...index.repositories.keys()]).toEqual(["a", "b", "c"]);
  });

  it("take the format from options.format over the extension", async () => {
    const path = await tmp.write("acl.txt", "repository,user\na,x\n");
    await expect(scanInputs([path])).rejects.toThrow(/pass --format/);
    const index = await scanInputs([path], { format: "csv" });
    expect(index.files[0]?.format).toBe("csv");
  });

  it("refuse bad options", async () => {
    await expect(scanInputs([])).rejects.toThrow(RangeError);
    await expect(scanInputs(["a.csv"], { maxRecordBytes: 0 })).rejects.toThrow(RangeError);
  });
});

interface BadInput {
  readonly name: string;
  readonly file: string;
  readonly content: string | Uint8Array;
  readonly maxRecordBytes?: number;
  readonly message: string;
  readonly line?: number;
  readonly field?: string;
}

const ok = JSON.stringify({ repository: "a", users: ["x"] });
const bytes = (...parts: readonly (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

const badInputs: readonly BadInput[] = [
  {
    name: "malformed JSON line",
    file: "malformed.ndjson",
    content: `${ok}\n{"repository": "a", "users": ["x",]}\n`,
    line: 2,
    message: 'malformed.ndjson:2: invalid JSON: expected a value, got "]"',
  },
  {
    name: "truncated JSON line",
    file: "truncated.ndjson",
    content: `${ok}\n\n{"repository": "a", "users": ["x"\n`,
    line: 3,
    message: "truncated.ndjson:3: invalid JSON: the record is not closed",
  },
  {
    name: "a user that is not a string",
    file: "types.ndjson",
    content: `${ok}\n${ok}\n{"repository": "a", "users": ["x", 3]}\n`,
    line: 3,
    field: "users[1]",
    message: 'types.ndjson:3: field "users[1]": expected a string, got number',
  },
  {
    name: "a repository of the wrong type",
    file: "repo-type.ndjson",
    content: '{"repository": true, "users": []}\n',
    line: 1,
    field: "repository",
    message:
      'repo-type.ndjson:1: field "repository": expected a string (a name or node ID) or a positive integer id, got boolean',
  },
  {
    name: "a repository id that is not a positive integer",
    file: "repo-id.ndjson",
    content: '{"repository": -4, "users": []}\n',
    line: 1,
    field: "repository",
    message: 'repo-id.ndjson:1: field "repository": expected a positive integer id, got -4',
  },
  {
    name: "a blank repository",
    file: "repo-blank.json",
    content: '[\n{"repository": "  ", "users": []}]',
    line: 2,
    field: "repository",
    message: 'repo-blank.json:2: field "repository": must not be blank',
  },
  {
    name: "a record that is not an object",
    file: "array-line.ndjson",
    content: '["a", "x"]\n',
    line: 1,
    message: "array-line.ndjson:1: expected an ACL record (an object), got array",
  },
  {
    name: "an unknown field",
    file: "unknown.ndjson",
    content: '{"repository": "a", "user": ["x"]}\n',
    line: 1,
    field: "user",
    message:
      'unknown.ndjson:1: field "user": unknown field: a record has "repository" and either "users" or "userPermissions"',
  },
  {
    name: "both users and userPermissions",
    file: "both.ndjson",
    content: '{"repository": "a", "users": ["x"], "userPermissions": [{"bindID": "x"}]}\n',
    line: 1,
    field: "userPermissions",
    message:
      'both.ndjson:1: field "userPermissions": cannot be given with "users": a record has one or the other',
  },
  {
    name: "neither users nor userPermissions",
    file: "neither.ndjson",
    content: '{"repository": "a"}\n',
    line: 1,
    field: "users",
    message:
      'neither.ndjson:1: field "users": missing: a record needs "users" (or the legacy "userPermissions")',
  },
  {
    name: 'permission "WRITE"',
    file: "write.ndjson",
    content:
      '{"repository": "a", "userPermissions": [{"bindID": "x"}, {"bindID": "y", "permission": "WRITE"}]}\n',
    line: 1,
    field: "userPermissions[1].permission",
    message:
      'write.ndjson:1: field "userPermissions[1].permission": expected "READ" (the only permission there is), got "WRITE"',
  },
  {
    name: "a wrong type in a JSON file, at the value's line",
    file: "types.json",
    content: '[\n  {"repository": "a",\n   "users": [\n     "x",\n     7\n   ]}\n]\n',
    line: 5,
    field: "users[1]",
    message: 'types.json:5: field "users[1]": expected a string, got number',
  },
  {
    name: "an unknown field of a legacy variables file, at its line",
    file: "variables.json",
    content:
      '{\n  "repository": "UmVwb3NpdG9yeTox",\n  "userPermissions": [\n    {"bindID": "x", "perm": "READ"}\n  ]\n}\n',
    line: 4,
    field: "userPermissions[0].perm",
    message:
      'variables.json:4: field "userPermissions[0].perm": unknown field: a user permission has "bindID" and optionally "permission"',
  },
  {
    name: "malformed JSON in a JSON file",
    file: "malformed.json",
    content: '[\n  {"repository": "a", "users": []},\n  {"repository" "b"}\n]',
    line: 3,
    message: 'malformed.json:3: invalid JSON: expected ":" after the field name, got a string',
  },
  {
    name: "a trailing comma in a JSON array",
    file: "trailing.json",
    content: '[\n  {"repository": "a", "users": []},\n]',
    line: 3,
    message: 'trailing.json:3: invalid JSON: expected an ACL record (an object), got "]"',
  },
  {
    name: "a JSON file of the wrong shape",
    file: "string.json",
    content: '\n"github.com/acme/api"',
    line: 2,
    message:
      "string.json:2: expected a JSON array of ACL records or one ACL record (an object), got a string",
  },
  {
    name: "content after a JSON document",
    file: "after.json",
    content: '{"repository": "a", "users": []}\n\nx',
    line: 3,
    message: 'after.json:3: invalid JSON: unexpected "x" after the end of the document',
  },
  {
    name: "an unclosed JSON array",
    file: "unclosed.json",
    content: '[{"repository": "a", "users": []},\n{"repository": "b", "users": []}\n',
    line: 3,
    message: 'unclosed.json:3: invalid JSON: the array of records is not closed with "]"',
  },
  {
    name: "a CSV header that is not repository,user",
    file: "header.csv",
    content: "repo,user\na,x\n",
    line: 1,
    message: 'header.csv:1: the header must be "repository,user" (any case, either order), got "repo,user"',
  },
  {
    name: "a CSV header with an extra column",
    file: "extra-column.csv",
    content: "\nrepository,user,permission\na,x,READ\n",
    line: 2,
    message:
      'extra-column.csv:2: the header must be "repository,user" (any case, either order), got "repository,user,permission"',
  },
  {
    name: "an unterminated CSV quote",
    file: "quote.csv",
    content: 'repository,user\na,x\nb,"bob\nc,carol\n',
    line: 3,
    message: "quote.csv:3: unterminated quoted field: its opening quote is never closed",
  },
  {
    name: "text after a closing CSV quote",
    file: "after-quote.csv",
    content: 'repository,user\n"a"b,x\n',
    line: 2,
    message:
      'after-quote.csv:2: unexpected "b,x" after a closing quote (a quoted field ends at a comma or the end of the row)',
  },
  {
    name: "a quote inside an unquoted CSV field",
    file: "stray-quote.csv",
    content: 'repository,user\na,x"y\n',
    line: 2,
    message:
      'stray-quote.csv:2: a quote inside an unquoted field: quote the whole field and double the quotes in it ("a""b")',
  },
  {
    name: "a CSV row with the wrong column count",
    file: "columns.csv",
    content: "repository,user\r\na,x\r\nb,y,z\r\n",
    line: 3,
    message: "columns.csv:3: expected 2 columns (repository,user), got 3",
  },
  {
    name: "a CSV row with a blank repository",
    file: "blank-repo.csv",
    content: "user,repository\nx, \n",
    line: 2,
    field: "repository",
    message: 'blank-repo.csv:2: field "repository": must not be blank',
  },
  {
    name: "invalid UTF-8 in NDJSON",
    file: "binary.ndjson",
    content: bytes(`${ok}\n{"repository": "`, [0xff, 0xfe, 0x80], '", "users": []}\n'),
    line: 2,
    message: "binary.ndjson:2: invalid UTF-8: this is not a UTF-8 text file",
  },
  {
    name: "invalid UTF-8 in a JSON string",
    file: "binary.json",
    content: bytes('[\n\n{"repository": "', [0xc3, 0x28], '", "users": []}]'),
    line: 3,
    message: "binary.json:3: invalid UTF-8: this is not a UTF-8 text file",
  },
  {
    name: "invalid UTF-8 between JSON tokens",
    file: "between.json",
    content: bytes('[\n{"repository": "a", "users": []}', [0x0a, 0x9f, 0x92], "]"),
    line: 3,
    message: "between.json:3: invalid UTF-8: this is not a UTF-8 text file",
  },
  {
    name: "invalid UTF-8 in CSV",
    file: "binary.csv",
    content: bytes("repository,user\na,", [0xed, 0xa0, 0x80], "\n"),
    line: 2,
    message: "binary.csv:2: invalid UTF-8: this is not a UTF-8 text file",
  },
  {
    name: "NUL bytes in NDJSON",
    file: "nul.ndjson",
    content: bytes(`${ok}\n${ok}\n`, [0x00, 0x00, 0x01, 0x02], "\n"),
    line: 3,
    message: "nul.ndjson:3: NUL byte: this is not a text file",
  },
  {
    name: "NUL bytes in JSON",
    file: "nul.json",
    content: bytes('[{"repository": "a",\n "users": ["x', [0x00], '"]}]'),
    line: 2,
    message: "nul.json:2: NUL byte: this is not a text file",
  },
  {
    name: "NUL bytes in CSV",
    file: "nul.csv",
    content: bytes("repository,user\n", [0x00, 0x41], ",x\n"),
    line: 2,
    message: "nul.csv:2: NUL byte: this is not a text file",
  },
  {
    name: "a UTF-16 file",
    file: "utf16.csv",
    content: Buffer.from("\ufeffrepository,user\n", "utf16le"),
    line: 1,
    message: "utf16.csv:1: the file is UTF-16 text: save it as UTF-8",
  },
  {
    name: "an NDJSON line over maxRecordBytes",
    file: "long.ndjson",
    content: `${ok}\n${JSON.stringify({ repository: "a", users: Array.from({ length: 40 }, (_, i) => `user${i}`) })}\n`,
    maxRecordBytes: 64,
    line: 2,
    message: "long.ndjson:2: line longer than 64 bytes (the maxRecordBytes limit)",
  },
  {
    name: "a JSON record over maxRecordBytes",
    file: "long.json",
    content: `[${ok},\n{"repository": "a",\n "users": ${JSON.stringify(Array.from({ length: 40 }, (_, i) => `user${i}`))}}]`,
    maxRecordBytes: 64,
    line: 2,
    message: "long.json:2: record longer than 64 bytes (the maxRecordBytes limit)",
  },
  {
    name: "a CSV row over maxRecordBytes across lines",
    file: "long.csv",
    content: `repository,user\na,x\na,"${"y\n".repeat(30)}"\n`,
    maxRecordBytes: 32,
    line: 3,
    message: "long.csv:3: row longer than 32 bytes (the maxRecordBytes limit)",
  },
  {
    name: "an empty file",
    file: "empty.ndjson",
    content: "",
    message: "empty.ndjson: no ACL records in this file",
  },
  {
    name: "a file of whitespace",
    file: "blank.ndjson",
    content: "\n  \r\n\t\n",
    message: "blank.ndjson: no ACL records in this file",
  },
  {
    name: "an empty JSON array",
    file: "empty.json",
    content: " [ ]\n",
    message: "empty.json: no ACL records in this file",
  },
  {
    name: "a CSV file with a header only",
    file: "header-only.csv",
    content: "repository,user\n",
    message: "header-only.csv: no ACL records in this file",
  },
];

describe("scanInputs refuses bad input, naming the file, line and field", () => {
  it.each(badInputs)("$name", async ({ file, content, maxRecordBytes, message, line, field }) => {
    const path = await tmp.write(file, content);
    const error = await scanInputs([path], { maxRecordBytes }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${tmp.path("")}/${message}`);
    expect(error).toMatchObject({ file: path, line, field });
  });

  it("a missing file", async () => {
    const path = tmp.path("missing.ndjson");
    await expect(scanInputs([path])).rejects.toThrow(
      new InputError("cannot read the file: no such file (ENOENT)", { file: path }),
    );
    await expect(scanInputs([path])).rejects.toMatchObject({
      line: undefined,
      message: expect.not.stringMatching(/\n/),
    });
  });

  it("a directory", async () => {
    const path = tmp.path("folder.csv");
    await mkdir(path);
    await expect(scanInputs([path])).rejects.toThrow(
      `${path}: cannot read the file: is a directory, not a file (EISDIR)`,
    );
  });

  it.skipIf(process.getuid?.() === 0)("a file it may not read", async () => {
    const path = await tmp.write("secret.ndjson", `${ok}\n`);
    await chmod(path, 0o000);
    await expect(scanInputs([path])).rejects.toThrow(
      `${path}: cannot read the file: permission denied (EACCES)`,
    );
  });

  it("quotes at most a short, escaped excerpt of the offending content", async () => {
    const garbage = `\u001b[2J${"\u202e".repeat(50)}${"z".repeat(10_000)}`;
    const path = await tmp.write("garbage.csv", `repository,user\n"a"${garbage},x\n`);
    const error = (await scanInputs([path]).catch((thrown: unknown) => thrown)) as Error;
    const shown = error.message.slice(path.length);
    expect(shown.length).toBeLessThan(160);
    expect([...error.message].filter((char) => char < " " || char === "\u202e")).toEqual([]);
    expect(error.message).toContain("\\u001b[2J\\u202e");
  });
});

describe("aborting", () => {
  it("stops the scan with the signal's reason", async () => {
    const path = await tmp.write("abort.ndjson", lines({ repository: "a", users: ["x"] }));
    const reason = new Error("stop");
    await expect(scanInputs([path], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe("scanFile", () => {
  it("adds a file's records over the earlier files' and keeps the first mention of each bindID", async () => {
    const path = await tmp.write("second.ndjson", '{"repository": "a", "users": ["x", "y"]}\n');
    const index = {
      repositories: new Map<string, RecordLocation>([
        ["a", { file: "first.csv", line: 2, fileIndex: 0, closesAt: 0, users: 1 }],
      ]),
      bindIds: new Map<string, SourceLocation>([["x", { file: "first.csv", line: 2 }]]),
    };
    const summary = await scanFile(path, 1, index, { format: "ndjson", maxRecordBytes: 1000 });
    expect(summary).toMatchObject({ path, format: "ndjson", records: 1, droppedBlankBindIds: 0, bytes: 41 });
    expect(index.repositories.get("a")).toEqual({ file: path, line: 1, fileIndex: 1, closesAt: 0, users: 2 });
    expect([...index.bindIds]).toEqual([
      ["x", { file: "first.csv", line: 2 }],
      ["y", { file: path, line: 1 }],
    ]);
  });

  it("counts a CSV repository's users exactly when its rows are scattered", async () => {
    const path = await tmp.write("scattered-scan.csv", "repository,user\na,x\nb,y\na,x\na,z\n");
    const index = {
      repositories: new Map<string, RecordLocation>(),
      bindIds: new Map<string, SourceLocation>(),
    };
    await scanFile(path, 0, index, { format: "csv", maxRecordBytes: 1000 });
    expect(index.repositories.get("a")).toEqual({ file: path, line: 2, fileIndex: 0, closesAt: 3, users: 2 });
  });
});

describe("countCsvRecordUsers", () => {
  it("counts the distinct users of the asked repositories over all their rows", async () => {
    const path = await tmp.write("scattered-count.csv", "repository,user\na,x\nb,x\na,y\na,x\nb,\n");
    let expected = { sha256: "", bytes: 0 };
    for await (const _ of readFileFragments(path, {
      format: "csv",
      maxRecordBytes: 100,
      onDigest: (digest) => {
        expected = digest;
      },
    }));
    const counts = await countCsvRecordUsers(path, new Map([["a", 3]]), { maxRecordBytes: 100, expected });
    expect(counts).toEqual(new Map([["a", 2]]));
  });
});
