import { describe, expect, it } from "vitest";
import type { FaultOptions } from "./fault-options.js";
import { validateFaultOptions } from "./validate-fault-options.js";

const methods = ["CreateExplicitRepoPermission", "ListExplicitRepoPermissions"];

describe("validateFaultOptions", () => {
  it("accepts the documented shape", () => {
    expect(() =>
      validateFaultOptions(
        {
          seed: 42,
          rate: 0.3,
          kinds: { unavailable: 1, rateLimited: 1, reset: 1, lostAnswer: 1 },
          latencyMs: { fixed: 0, jitter: 0 },
          retryAfterSeconds: 0,
          perMethod: { CreateExplicitRepoPermission: { rate: 1, latencyMs: 5 } },
        },
        methods,
      ),
    ).not.toThrow();
  });

  it.each([
    [{ rate: 1.5 }, "faults.rate: must be a number from 0 to 1, got 1.5"],
    [{ rate: -0.1 }, "faults.rate: must be a number from 0 to 1, got -0.1"],
    [{ seed: 1.5 }, "faults.seed: must be an integer, got 1.5"],
    [
      { kinds: { crash: 1 } },
      "faults.kinds.crash: is not a fault kind (known: unavailable, rateLimited, reset, lostAnswer)",
    ],
    [{ kinds: { reset: -1 } }, "faults.kinds.reset: must be a weight >= 0, got -1"],
    [{ rate: 0.5, kinds: { reset: 0 } }, "faults.kinds: must give at least one kind a positive weight"],
    [{ latencyMs: -1 }, "faults.latencyMs: must be a number of milliseconds >= 0, got -1"],
    [
      { latencyMs: { jitter: Number.NaN } },
      "faults.latencyMs.jitter: must be a number of milliseconds >= 0, got NaN",
    ],
    [{ retryAfterSeconds: 1.5 }, "faults.retryAfterSeconds: must be a whole number of seconds >= 0, got 1.5"],
    [
      { perMethod: { CreateExplicitRepoPermision: { rate: 1 } } },
      "faults.perMethod.CreateExplicitRepoPermision: is not a method (known: CreateExplicitRepoPermission, ListExplicitRepoPermissions)",
    ],
    [
      { perMethod: { ListExplicitRepoPermissions: { rate: 2 } } },
      "faults.perMethod.ListExplicitRepoPermissions.rate: must be a number from 0 to 1, got 2",
    ],
  ])("refuses %j", (options, message) => {
    expect(() => validateFaultOptions(options as FaultOptions, methods)).toThrow(new RangeError(message));
  });
});
