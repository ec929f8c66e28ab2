import { describe, expect, it } from "vitest";
import type { CapacityOptions } from "./capacity-options.js";
import { validateCapacityOptions } from "./validate-capacity-options.js";

describe("validateCapacityOptions", () => {
  it("accepts workers alone or with every timing", () => {
    expect(() => validateCapacityOptions({ workers: 1 })).not.toThrow();
    expect(() =>
      validateCapacityOptions({ workers: 8, serviceMs: 2.5, perRowMs: 0.1, queueTimeoutMs: 0 }),
    ).not.toThrow();
  });

  it.each([
    [{ workers: 0 }, "capacity.workers: must be an integer >= 1, got 0"],
    [{ workers: 1.5 }, "capacity.workers: must be an integer >= 1, got 1.5"],
    [{}, "capacity.workers: must be an integer >= 1, got undefined"],
    [{ workers: 1, serviceMs: -1 }, "capacity.serviceMs: must be a number of milliseconds >= 0, got -1"],
    [
      { workers: 1, perRowMs: Number.POSITIVE_INFINITY },
      "capacity.perRowMs: must be a number of milliseconds >= 0, got Infinity",
    ],
    [
      { workers: 1, queueTimeoutMs: "5" },
      "capacity.queueTimeoutMs: must be a number of milliseconds >= 0, got 5",
    ],
  ])("refuses %j", (options, message) => {
    expect(() => validateCapacityOptions(options as unknown as CapacityOptions)).toThrow(
      new RangeError(message),
    );
  });
});
