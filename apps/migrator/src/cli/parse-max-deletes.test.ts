import { describe, expect, it } from "vitest";
import { MigratorError } from "../errors/migrator-error.js";
import { type MaxDeletes, maxDeletesAllowed, parseMaxDeletes } from "./parse-max-deletes.js";

function problemWith(text: string): string {
  try {
    parseMaxDeletes(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MigratorError);
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
}

describe("parseMaxDeletes", () => {
  it.each<[string, MaxDeletes]>([
    ["100", { kind: "count", value: 100 }],
    ["0", { kind: "count", value: 0 }],
    [" 250 ", { kind: "count", value: 250 }],
    ["5%", { kind: "percent", value: 5 }],
    ["0.5%", { kind: "percent", value: 0.5 }],
    ["0%", { kind: "percent", value: 0 }],
    ["100%", { kind: "percent", value: 100 }],
    ["100.0%", { kind: "percent", value: 100 }],
    ["0.0001%", { kind: "percent", value: 0.0001 }],
  ])("reads %j", (text, limit) => {
    expect(parseMaxDeletes(text)).toEqual(limit);
  });

  it.each([
    ["-5", "is negative"],
    ["-5%", "is negative"],
    ["100.5%", "is more than 100%"],
    ["250%", "is more than 100%"],
    ["0.00001%", "has more than 4 decimals"],
    ["1.5", "is not a whole number of deletes; for a share of the grants add %"],
    ["abc", "is not a count or a percentage; use e.g. 100, 5% or 0.5%"],
    ["", "is not a count or a percentage"],
    ["5 %", "is not a count or a percentage"],
    ["%", "is not a count or a percentage"],
    ["1e3", "is not a count or a percentage"],
    ["+5", "is not a count or a percentage"],
    ["99999999999999999999", "is too large a count"],
  ])("refuses %j: %s", (text, problem) => {
    const message = problemWith(text);
    expect(message.startsWith(`--max-deletes: ${JSON.stringify(text)} `)).toBe(true);
    expect(message).toContain(problem);
  });
});

describe("maxDeletesAllowed", () => {
  it("allows a count as it is, whatever the grants", () => {
    expect(maxDeletesAllowed({ kind: "count", value: 100 }, 0)).toBe(100);
    expect(maxDeletesAllowed({ kind: "count", value: 0 }, 1_000_000)).toBe(0);
  });

  it.each([
    ["5%", 20, 1],
    ["5%", 19, 0],
    ["5%", 39, 1],
    ["0.5%", 1000, 5],
    ["0.5%", 999, 4],
    ["100%", 12_345, 12_345],
    ["0%", 12_345, 0],
    // In floating point 100 000 × 0.29 / 100 is 289.99999999999994 and 10 000 × 0.57 / 100 is 56.99999999999999.
    ["0.29%", 100_000, 290],
    ["0.57%", 10_000, 57],
    ["4.35%", 100_000, 4350],
    ["33.3333%", 3_000_000, 999_999],
    ["1%", Number.MAX_SAFE_INTEGER, Math.floor(Number.MAX_SAFE_INTEGER / 100)],
  ])("allows %s of %i grants as %i (rounded down)", (text, grants, allowed) => {
    expect(maxDeletesAllowed(parseMaxDeletes(text), grants)).toBe(allowed);
  });

  it("refuses grants or limits that are not what the parser gives", () => {
    expect(() => maxDeletesAllowed({ kind: "percent", value: 5 }, -1)).toThrow(RangeError);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 5 }, 1.5)).toThrow(RangeError);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 101 }, 10)).toThrow(/from 0 to 100/);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 0.123456 }, 10)).toThrow(/at most 4 decimals/);
    expect(() => maxDeletesAllowed({ kind: "count", value: -1 }, 10)).toThrow(RangeError);
  });
});
