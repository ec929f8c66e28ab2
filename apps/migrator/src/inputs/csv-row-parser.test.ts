import { describe, expect, it } from "vitest";
import { CsvRowParser } from "./csv-row-parser.js";

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
