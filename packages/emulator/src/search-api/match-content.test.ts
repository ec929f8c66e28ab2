import { describe, expect, it } from "vitest";
import { compileLinearRegExp } from "../linear-regexp.js";
import { type ContentMatchOptions, matchContent } from "./match-content.js";

const x = compileLinearRegExp("x");
const content = "one x\ntwo\nthree x x\nfour\nfive\nten x\n";

/** The chunk matches of /x/ in `content` with `options`. */
function chunks(
  options: Omit<ContentMatchOptions, "chunkMatches">,
): Array<{ content: string; ranges: unknown[] }> {
  const found = matchContent(x, content, { chunkMatches: true, ...options });
  if (!found) throw new Error("no match");
  return found.fields.chunkMatches as Array<{ content: string; ranges: unknown[] }>;
}

describe("matchContent", () => {
  it("gives line matches with code-point offsets, and the number of ranges", () => {
    expect(matchContent(x, "😀 x\n", { chunkMatches: false })).toEqual({
      fields: { lineMatches: [{ line: "😀 x", lineNumber: 0, offsetAndLengths: [[2, 1]] }] },
      count: 1,
    });
    expect(matchContent(compileLinearRegExp("zzz"), content, { chunkMatches: false })).toBeUndefined();
  });

  it("gives one chunk per matched line run without context, ranges in file locations", () => {
    const found = matchContent(x, content, { chunkMatches: true });
    expect(found?.count).toBe(4);
    const chunks = found?.fields.chunkMatches as Array<{
      content: string;
      contentStart: unknown;
      ranges: unknown[];
    }>;
    expect(chunks.map((chunk) => [chunk.content, chunk.ranges.length])).toEqual([
      ["one x", 1],
      ["three x x", 2],
      ["ten x", 1],
    ]);
    expect(chunks[1]?.contentStart).toEqual({ offset: 10, line: 2, column: 0 });
    expect(chunks[1]?.ranges[1]).toEqual({
      start: { offset: 18, line: 2, column: 8 },
      end: { offset: 19, line: 2, column: 9 },
    });
  });

  it("with context lines, widens chunks and merges those that would overlap or touch", () => {
    expect(chunks({ contextLines: 1 }).map((chunk) => chunk.content)).toEqual([
      "one x\ntwo\nthree x x\nfour",
      "five\nten x",
    ]);
    expect(chunks({ contextLines: 2 })).toHaveLength(1);
  });

  it("cuts each line of a chunk to maxLineLength bytes and marks it, leaving the ranges", () => {
    const found = matchContent(x, "日本語 x\nx\n", { chunkMatches: true, maxLineLength: 7 });
    expect(found?.fields.chunkMatches).toEqual([
      {
        content: "日本",
        contentStart: { offset: 0, line: 0, column: 0 },
        ranges: [{ start: { offset: 10, line: 0, column: 4 }, end: { offset: 11, line: 0, column: 5 } }],
        contentTruncated: true,
      },
      {
        content: "x",
        contentStart: { offset: 12, line: 1, column: 0 },
        ranges: [{ start: { offset: 12, line: 1, column: 0 }, end: { offset: 13, line: 1, column: 1 } }],
      },
    ]);
  });
});
