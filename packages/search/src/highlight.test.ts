import { describe, expect, it } from "vitest";
import { highlightChunkMatch, highlightLineMatch } from "./highlight.js";

describe("highlightLineMatch", () => {
  it("splits the line at each range, merging overlaps and clamping past the end", () => {
    expect(
      highlightLineMatch({
        line: "foo bar foo",
        offsetAndLengths: [
          [8, 10],
          [0, 3],
          [1, 1],
        ],
      }),
    ).toEqual([
      { text: "foo", highlighted: true },
      { text: " bar ", highlighted: false },
      { text: "foo", highlighted: true },
    ]);
  });

  it("counts code points, so a character outside the BMP is one", () => {
    expect(highlightLineMatch({ line: "😀 x", offsetAndLengths: [[2, 1]] })).toEqual([
      { text: "😀 ", highlighted: false },
      { text: "x", highlighted: true },
    ]);
  });

  it("a line without ranges is one plain span", () => {
    expect(highlightLineMatch({ line: "", offsetAndLengths: [] })).toEqual([
      { text: "", highlighted: false },
    ]);
  });
});

describe("highlightChunkMatch", () => {
  it("places ranges by line and column relative to contentStart, across lines", () => {
    const content = "func a() {\n\treturn ü\n}";
    const at = (line: number, column: number) => ({ offset: 0, line, column });
    expect(
      highlightChunkMatch({
        content,
        contentStart: at(9, 0),
        ranges: [
          { start: at(9, 5), end: at(9, 6) },
          { start: at(10, 8), end: at(11, 1) },
        ],
      }),
    ).toEqual([
      { text: "func ", highlighted: false },
      { text: "a", highlighted: true },
      { text: "() {\n\treturn ", highlighted: false },
      { text: "ü\n}", highlighted: true },
    ]);
  });

  it("clips a range that runs past a line cut by maxLineLength (contentTruncated)", () => {
    const at = (column: number) => ({ offset: 0, line: 4, column });
    expect(
      highlightChunkMatch({
        content: "ab😀c",
        contentStart: at(0),
        ranges: [
          { start: at(2), end: at(9) },
          { start: at(40), end: at(44) },
        ],
      }),
    ).toEqual([
      { text: "ab", highlighted: false },
      { text: "😀c", highlighted: true },
    ]);
  });
});
