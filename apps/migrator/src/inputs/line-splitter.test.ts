import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

function split(text: string, chunkBytes: number, maxLineBytes = 1 << 20): [string, number][] {
  const lines: [string, number][] = [];
  const splitter = new LineSplitter({
    file: "a.ndjson",
    maxLineBytes,
    onLine: (bytes, line) => lines.push([new TextDecoder().decode(bytes), line]),
  });
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    splitter.push(bytes.subarray(offset, offset + chunkBytes));
  }
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it.each([1, 2, 5, 100])("reports the same lines in chunks of %i bytes", (size) => {
    expect(split("one\r\ntwo\n\nfour é\nfive", size)).toEqual([
      ["one\r", 1],
      ["two", 2],
      ["", 3],
      ["four é", 4],
      ["five", 5],
    ]);
  });

  it("reports no last line after a final line feed", () => {
    expect(split("a\n", 1)).toEqual([["a", 1]]);
    expect(split("", 1)).toEqual([]);
  });

  it("accepts a line of exactly the limit, and refuses a longer one as soon as it grows past it", () => {
    expect(split("12345\n", 2, 5)).toEqual([["12345", 1]]);
    const splitter = new LineSplitter({ file: "a.ndjson", maxLineBytes: 5, onLine: () => {} });
    splitter.push(new TextEncoder().encode("ok\n1234"));
    expect(() => splitter.push(new TextEncoder().encode("56"))).toThrow(
      "a.ndjson:2: line longer than 5 bytes (the maxRecordBytes limit)",
    );
  });
});
