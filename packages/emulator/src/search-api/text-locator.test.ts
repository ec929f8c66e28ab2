import { describe, expect, it } from "vitest";
import { measureText, TextLocator } from "./text-locator.js";

describe("TextLocator", () => {
  const text = "a😀\né x\n\nlast";
  const locator = new TextLocator(text);

  it("SEARCH-10: gives byte offsets, 0-based lines and code-point columns for string indexes", () => {
    expect(locator.locate(0)).toEqual({ offset: 0, line: 0, column: 0 });
    // After "a😀": 5 bytes, 2 columns, 3 string indexes.
    expect(locator.locate(3)).toEqual({ offset: 5, line: 0, column: 2 });
    // "é x" starts after "a😀\n" (6 bytes); "x" is after "é " (3 bytes, 2 columns).
    expect(locator.locate(text.indexOf("x"))).toEqual({ offset: 9, line: 1, column: 2 });
    expect(locator.locate(text.length)).toEqual({ offset: 16, line: 3, column: 4 });
  });

  it("finds the line of an index and where a line starts", () => {
    expect([0, 3, 4, 8, 9, 10].map((index) => locator.lineOf(index))).toEqual([0, 0, 1, 2, 3, 3]);
    expect([0, 1, 2, 3].map((line) => locator.lineStart(line))).toEqual([0, 4, 8, 9]);
  });
});

describe("measureText", () => {
  it("counts UTF-8 bytes and code points as Go does", () => {
    const text = "aé日😀";
    expect(measureText(text, 0, text.length)).toEqual({
      bytes: 1 + 2 + 3 + 4,
      codePoints: 4,
      end: text.length,
    });
    expect(measureText(text, 1, 3)).toEqual({ bytes: 5, codePoints: 2, end: 3 });
  });

  it("counts a lone surrogate as U+FFFD: 3 bytes, 1 code point", () => {
    expect(measureText("\uD83D", 0, 1)).toEqual({ bytes: 3, codePoints: 1, end: 1 });
    // A pair cut by `to` is two lone surrogates' worth: the first one only.
    expect(measureText("😀", 0, 1)).toEqual({ bytes: 3, codePoints: 1, end: 1 });
  });

  it("stops before the first character that would pass maxBytes, never inside one", () => {
    expect(measureText("ab😀c", 0, 5, 5)).toEqual({ bytes: 2, codePoints: 2, end: 2 });
    expect(measureText("ab😀c", 0, 5, 6)).toEqual({ bytes: 6, codePoints: 3, end: 4 });
    expect(measureText("éé", 0, 2, 3)).toEqual({ bytes: 2, codePoints: 1, end: 1 });
  });
});
