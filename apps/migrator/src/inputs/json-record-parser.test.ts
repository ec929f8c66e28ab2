import { describe, expect, it } from "vitest";
import { InputError, type LineTree } from "./input-error.js";
import { JsonRecordParser, type JsonRecordParserOptions } from "./json-record-parser.js";

interface Read {
  readonly value: unknown;
  readonly lines: LineTree;
  readonly line: number;
}

function readAll(
  text: string | Uint8Array,
  chunkBytes: number,
  options: Partial<JsonRecordParserOptions> = {},
): Read[] {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const records: Read[] = [];
  const parser = new JsonRecordParser({
    file: "acl.json",
    topLevel: "records",
    maxRecordBytes: 1 << 20,
    onRecord: (value, lines, line) => records.push({ value, lines, line }),
    ...options,
  });
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    parser.push(bytes.subarray(offset, offset + chunkBytes));
  }
  parser.end();
  return records;
}

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

// Strings that trip naive scanners: escaped quotes and backslash runs, brackets inside strings, non-ASCII.
const tricky = [
  'quote " inside',
  "backslash \\",
  "two \\\\",
  'ends in backslash quote \\"',
  "{[brackets]}",
  "émoji 🎉 中文",
  "\u2028 line separator",
  "tab\tand\nnewline escaped",
];
const records = tricky.map((user, i) => ({
  repository: `r${i}`,
  users: [user, `${user}${i}`],
  extra: { n: -1.5e3, ok: true, none: null },
}));

describe("JsonRecordParser", () => {
  it.each([1, 2, 3, 7, 64, 4096])(
    "reads every record the same as JSON.parse, in chunks of %i bytes",
    (size) => {
      for (const text of [JSON.stringify(records), JSON.stringify(records, null, 2)]) {
        expect(readAll(text, size).map((read) => read.value)).toEqual(JSON.parse(text));
      }
    },
  );

  it("gives the line of every value of a record that spans lines", () => {
    const [read] = readAll('[\n  {"repository": "a",\n   "users": [\n     "x",\n     "y"]}]', 5);
    expect(read?.line).toBe(2);
    expect(read?.lines).toEqual({
      line: 2,
      children: new Map<string, LineTree>([
        ["repository", 2],
        ["users", { line: 3, children: [4, 5] }],
      ]),
    });
  });

  it("gives a record on one line that line, however many records share it", () => {
    const reads = readAll(
      '\n\n[{"repository": "a", "users": []}, {"repository": "b", "users": []},\n{"repository": "c", "users": []}]',
      3,
    );
    expect(reads.map(({ line, lines }) => [line, lines])).toEqual([
      [3, 3],
      [3, 3],
      [4, 4],
    ]);
  });

  it("reads one object as a single record", () => {
    expect(readAll('{"repository": "a", "users": ["x"]}', 4).map((read) => read.value)).toEqual([
      { repository: "a", users: ["x"] },
    ]);
  });

  it("keeps a __proto__ field as a field, as JSON.parse does", () => {
    const [read] = readAll('{"repository": "a",\n "__proto__": {"polluted": true}}', 8);
    expect(Object.keys(read?.value as object)).toEqual(["repository", "__proto__"]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("refuses an array at the top level of an object-only reader", () => {
    const error = errorOf(() => readAll("[]", 1, { topLevel: "object", firstLine: 9 }));
    expect(error.message).toBe("acl.json:9: expected an ACL record (an object), got an array");
  });

  it.each([
    ['[{"a": tru}]', 1, 'acl.json:1: invalid JSON: unexpected "tru"'],
    ['[{"a": 01}]', 1, 'acl.json:1: invalid JSON: unexpected "01"'],
    ['[{"a": "x\\q"}]', 1, "acl.json:1: invalid JSON: bad escape sequence in a string"],
    [
      '[{"a": "x\u0007"}]',
      1,
      "acl.json:1: invalid JSON: control character U+0007 inside a string must be escaped",
    ],
    ['[{"a":\n "x\n"}]', 2, "acl.json:2: invalid JSON: unterminated string (a line break inside it)"],
    ['[{"a": 1,}]', 1, 'acl.json:1: invalid JSON: expected a field name in double quotes, got "}"'],
    ['[{"a": [1 2]}]', 1, 'acl.json:1: invalid JSON: expected "," or "]", got a number'],
    ['[{"a": 1]', 1, 'acl.json:1: invalid JSON: expected "," or "}", got "]"'],
    ['[{"a": 1\n\n', 1, "acl.json:1: invalid JSON: the record is not closed"],
    ['[{"a": 1}\n\n', 3, 'acl.json:3: invalid JSON: the array of records is not closed with "]"'],
    ['[{"a": "é"} x]', 1, 'acl.json:1: invalid JSON: expected "," or "]" after a record, got "x"'],
    ['[{"a": "x', 1, "acl.json:1: invalid JSON: unterminated string"],
  ])("reports %j at its line", (text, line, message) => {
    for (const size of [1, 3, 1024]) {
      const error = errorOf(() => readAll(text, size));
      expect(error.message).toBe(message);
      expect(error.line).toBe(line);
    }
  });

  it("shows an unexpected non-ASCII character, unless a chunk ends inside it", () => {
    expect(errorOf(() => readAll('[{"a": "é"} é]', 64)).message).toBe(
      'acl.json:1: invalid JSON: expected "," or "]" after a record, got "é"',
    );
    expect(errorOf(() => readAll('[{"a": "é"} é]', 14)).message).toBe(
      'acl.json:1: invalid JSON: expected "," or "]" after a record, got a non-ASCII character',
    );
  });

  it("refuses a record over maxRecordBytes before reading past it, at the line where it starts", () => {
    const fed: number[] = [];
    const parser = new JsonRecordParser({
      file: "acl.json",
      topLevel: "records",
      maxRecordBytes: 100,
      onRecord: () => {},
    });
    const big = new TextEncoder().encode(`[\n{"repository": "a", "users": [${'"u",'.repeat(100)}`);
    const error = errorOf(() => {
      for (let offset = 0; offset < big.length; offset += 10) {
        fed.push(offset);
        parser.push(big.subarray(offset, offset + 10));
      }
    });
    expect(error.message).toBe("acl.json:2: record longer than 100 bytes (the maxRecordBytes limit)");
    expect(fed.at(-1)).toBeLessThanOrEqual(110);
  });

  it("accepts a record of exactly maxRecordBytes", () => {
    const record = '{"repository": "a", "users": []}';
    expect(readAll(`[${record}]`, 5, { maxRecordBytes: record.length })).toHaveLength(1);
    expect(() => readAll(`[${record}]`, 5, { maxRecordBytes: record.length - 1 })).toThrow(InputError);
  });
});
