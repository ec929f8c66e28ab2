import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./parse-retry-after.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads an HTTP-date relative to now", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:05 GMT", NOW)).toBe(5000);
  });

  it("gives 0 for a date in the past", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).toBe(0);
  });

  it("gives undefined for garbage, negative or fractional numbers, and absence", () => {
    for (const value of ["soon", "-5", "1.5", "", "   ", null, undefined, "Someday, 99 Foo"]) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
  });
});
