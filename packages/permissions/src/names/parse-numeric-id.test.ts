import { describe, expect, it } from "vitest";
import { parseNumericId } from "./parse-numeric-id.js";

describe("parseNumericId", () => {
  it("takes one spelling of a positive safe integer", () => {
    expect(parseNumericId("1")).toBe(1);
    expect(parseNumericId(42)).toBe(42);
    expect(parseNumericId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const value of [
      "",
      "0",
      "01",
      "+1",
      "-1",
      "1e3",
      "0x10",
      "1.0",
      " 1",
      "9007199254740993",
      0,
      -1,
      1.5,
    ]) {
      expect(parseNumericId(value)).toBeUndefined();
    }
  });
});
