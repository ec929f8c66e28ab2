import { describe, expect, it } from "vitest";
import { decodeLine } from "./decode-line.js";

describe("decodeLine", () => {
  it("decodes UTF-8, keeping a byte order mark that is not at the file's start", () => {
    expect(decodeLine(new TextEncoder().encode("\ufeffé🎉"), "a.csv", 2)).toBe("\ufeffé🎉");
  });

  it("refuses NUL bytes and invalid UTF-8 at the line", () => {
    expect(() => decodeLine(Uint8Array.of(0x61, 0), "a.csv", 4)).toThrow(
      "a.csv:4: NUL byte: this is not a text file",
    );
    expect(() => decodeLine(Uint8Array.of(0x61, 0xc3), "a.csv", 5)).toThrow(
      "a.csv:5: invalid UTF-8: this is not a UTF-8 text file",
    );
  });
});
