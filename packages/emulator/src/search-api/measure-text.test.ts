import { describe, expect, it } from "vitest";
import { measureText } from "./measure-text.js";

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
