import { describe, expect, it } from "vitest";
import { skipByteOrderMark } from "./skip-byte-order-mark.js";

describe("skipByteOrderMark", () => {
  it("drops a UTF-8 byte order mark", () => {
    expect([...skipByteOrderMark(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), "a.csv")]).toEqual([0x61]);
  });

  it("leaves other text alone", () => {
    const chunk = new TextEncoder().encode("repository,user");
    expect(skipByteOrderMark(chunk, "a.csv")).toBe(chunk);
    expect([...skipByteOrderMark(Uint8Array.of(0xef, 0xbb), "a.csv")]).toEqual([0xef, 0xbb]);
  });

  it.each([
    [0xff, 0xfe],
    [0xfe, 0xff],
  ])("refuses UTF-16 (%i, %i)", (a, b) => {
    expect(() => skipByteOrderMark(Uint8Array.of(a, b, 0x61, 0), "a.csv")).toThrow(
      "a.csv:1: the file is UTF-16 text: save it as UTF-8",
    );
  });
});
