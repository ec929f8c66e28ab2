import { describe, expect, it } from "vitest";
import {
  describeType,
  excerpt,
  fileChangedError,
  formatFieldPath,
  InputError,
  inputFileError,
  type LineTree,
  lineAt,
  tooLongError,
} from "./input-error.js";

describe("InputError", () => {
  it("names the file, line and field in its message", () => {
    const error = new InputError("expected a string, got number", {
      file: "acl.ndjson",
      line: 12,
      field: "users[3]",
    });
    expect(error.message).toBe('acl.ndjson:12: field "users[3]": expected a string, got number');
    expect(error).toMatchObject({ name: "InputError", file: "acl.ndjson", line: 12, field: "users[3]" });
    expect(error).toBeInstanceOf(Error);
  });

  it("leaves out the line and field when there are none, and keeps the cause", () => {
    const cause = new Error("ENOENT: no such file or directory, open 'x'");
    const error = new InputError("cannot read the file", { file: "x.csv", cause });
    expect(error.message).toBe("x.csv: cannot read the file");
    expect(error.line).toBeUndefined();
    expect(error.field).toBeUndefined();
    expect(error.cause).toBe(cause);
  });
});

describe("inputFileError", () => {
  it.each([
    ["ENOENT", "acl.csv: cannot read the file: no such file (ENOENT)"],
    ["EISDIR", "acl.csv: cannot read the file: is a directory, not a file (EISDIR)"],
    ["EACCES", "acl.csv: cannot read the file: permission denied (EACCES)"],
    ["EIO", "acl.csv: cannot read the file: cannot be read (EIO)"],
  ])("explains %s without the OS message", (code, message) => {
    const cause = Object.assign(new Error(`${code}: something, open '/secret/path'`), { code });
    const error = inputFileError("acl.csv", cause);
    expect(error.message).toBe(message);
    expect(error.cause).toBe(cause);
    expect(error.line).toBeUndefined();
  });

  it("copes with an error that has no code", () => {
    expect(inputFileError("acl.csv", "boom").message).toBe("acl.csv: cannot read the file: cannot be read");
  });
});

describe("tooLongError", () => {
  it("shows whole MiB as MiB and other limits in bytes", () => {
    expect(tooLongError("line", "a.ndjson", 3, 64 * 1024 * 1024).message).toBe(
      "a.ndjson:3: line longer than 64 MiB (the maxRecordBytes limit)",
    );
    expect(tooLongError("record", "a.json", 1, 1000).message).toBe(
      "a.json:1: record longer than 1000 bytes (the maxRecordBytes limit)",
    );
  });
});

describe("fileChangedError", () => {
  it("says the file changed and what to do", () => {
    const cause = new Error("parse error");
    const error = fileChangedError("acl.csv", "its SHA-256 differs", cause);
    expect(error.message).toBe(
      "acl.csv: the file changed since it was scanned (its SHA-256 differs): run the command again",
    );
    expect(error.cause).toBe(cause);
  });
});

describe("excerpt", () => {
  it("keeps short text as it is", () => {
    expect(excerpt("repo,user")).toBe("repo,user");
  });

  it("escapes quotes, control and invisible characters", () => {
    expect(excerpt('a"b\u0000\u001b[31m\u202e\u200b\n')).toBe('a\\"b\\u0000\\u001b[31m\\u202e\\u200b\\n');
  });

  it("cuts long text to the budget of escaped characters, ending in an ellipsis", () => {
    expect(excerpt("z".repeat(10_000), 10)).toBe(`${"z".repeat(10)}…`);
    const controls = excerpt("\u0001".repeat(100), 20);
    expect(controls).toBe(`${"\\u0001".repeat(3)}…`);
  });

  it("never splits a character made of two UTF-16 units", () => {
    expect(excerpt("🎉".repeat(30), 5)).toBe("🎉🎉…");
  });
});

describe("formatFieldPath", () => {
  it("writes fields and indexes as a reader would", () => {
    expect(formatFieldPath(["users", 3])).toBe("users[3]");
    expect(formatFieldPath(["userPermissions", 0, "bindID"])).toBe("userPermissions[0].bindID");
    expect(formatFieldPath([])).toBe("");
  });

  it("shows a field name from the file escaped and cut", () => {
    expect(formatFieldPath([`x"\u0000${"y".repeat(100)}`])).toBe(`x\\"\\u0000${"y".repeat(31)}…`);
  });
});

const tree: LineTree = {
  line: 2,
  children: new Map<string, LineTree>([
    ["repository", 2],
    ["users", { line: 3, children: [4, { line: 5, children: new Map([["bindID", 6]]) }] }],
  ]),
};

describe("lineAt", () => {
  it("finds the line of a value by its path", () => {
    expect(lineAt(tree, [])).toBe(2);
    expect(lineAt(tree, ["users"])).toBe(3);
    expect(lineAt(tree, ["users", 0])).toBe(4);
    expect(lineAt(tree, ["users", 1, "bindID"])).toBe(6);
  });

  it("falls back to the deepest parent for a missing path", () => {
    expect(lineAt(tree, ["users", 9])).toBe(3);
    expect(lineAt(tree, ["users", "x"])).toBe(3);
    expect(lineAt(tree, ["users", 0, "deeper"])).toBe(4);
    expect(lineAt(7, ["anything", 1])).toBe(7);
  });
});

describe("describeType", () => {
  it.each([
    [null, "null"],
    [[], "array"],
    [{}, "object"],
    ["x", "string"],
    [1, "number"],
    [true, "boolean"],
  ])("names %j %s", (value, name) => {
    expect(describeType(value)).toBe(name);
  });
});
