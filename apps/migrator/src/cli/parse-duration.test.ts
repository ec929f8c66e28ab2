import { describe, expect, it } from "vitest";
import { MigratorError } from "../errors/migrator-error.js";
import { parseDuration } from "./parse-duration.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each([
    ["90s", 90 * SECOND],
    ["30m", 30 * MINUTE],
    ["2h", 2 * HOUR],
    ["7d", 7 * DAY],
    ["1h30m", HOUR + 30 * MINUTE],
    ["1d2h3m4s", DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND],
    ["36h", 36 * HOUR],
    ["0s", 0],
    [" 15m\n", 15 * MINUTE],
  ])("reads %j as %i ms", (text, ms) => {
    expect(parseDuration(text, "--max-plan-age")).toBe(ms);
  });

  it.each(["2x", "", " ", "90", "1.5h", "30M", "-5m", "30m1h", "1h1h", "500ms", "1 h", "h", "2w", "1y"])(
    "refuses %j, naming the option and showing the forms it takes",
    (text) => {
      let error: unknown;
      try {
        parseDuration(text, "--max-plan-age");
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(MigratorError);
      expect((error as Error).message).toBe(
        `--max-plan-age: ${JSON.stringify(text)} is not a duration; use e.g. 30m, 2h, 7d`,
      );
    },
  );

  it("quotes what it was given exactly, and names the option it was given", () => {
    expect(() => parseDuration("2x", "--timeout")).toThrow(
      '--timeout: "2x" is not a duration; use e.g. 30m, 2h, 7d',
    );
  });

  it("refuses a duration too long to count in milliseconds", () => {
    expect(parseDuration("100000000d", "--max-plan-age")).toBe(100_000_000 * DAY);
    expect(() => parseDuration("1000000000d", "--max-plan-age")).toThrow(
      '--max-plan-age: "1000000000d" is too long a duration',
    );
  });
});
