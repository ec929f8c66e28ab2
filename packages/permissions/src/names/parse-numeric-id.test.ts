import { describe, expect, it } from "vitest";
import { parseNumericId } from "./parse-numeric-id.js";

describe("parseNumericId", () => {
  it("takes one spelling of a whole number from 1 to 2^31 - 1, the range of Sourcegraph's ids", () => {
    expect(parseNumericId("1")).toBe(1);
    expect(parseNumericId(42)).toBe(42);
    expect(parseNumericId("2147483647")).toBe(2 ** 31 - 1);
    expect(parseNumericId(2 ** 31 - 1)).toBe(2 ** 31 - 1);
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
      "2147483648",
      2 ** 31,
      Number.MAX_SAFE_INTEGER,
      "9007199254740993",
      Number.NaN,
      0,
      -1,
      1.5,
    ]) {
      expect(parseNumericId(value)).toBeUndefined();
    }
  });
});
