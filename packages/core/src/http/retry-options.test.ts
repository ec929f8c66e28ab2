import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { resolveRetryOptions } from "./retry-options.js";

describe("resolveRetryOptions", () => {
  it("applies the defaults", () => {
    expect(resolveRetryOptions(undefined)).toEqual({
      maxAttempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      budget: {},
    });
  });

  it("turns false into a single attempt without a budget", () => {
    expect(resolveRetryOptions(false)).toMatchObject({ maxAttempts: 1, budget: false });
  });

  it("keeps what was given", () => {
    expect(resolveRetryOptions({ maxAttempts: 2, maxDelayMs: 5, budget: false })).toEqual({
      maxAttempts: 2,
      baseDelayMs: 500,
      maxDelayMs: 5,
      budget: false,
    });
  });

  it("refuses nonsense with the setting named", () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(ConfigurationError);
    expect(() => resolveRetryOptions({ maxAttempts: 2.5 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow(ConfigurationError);
    expect(() => resolveRetryOptions({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(ConfigurationError);
    expect(() => resolveRetryOptions({ maxDelayMs: 2 ** 31 })).toThrow(ConfigurationError);
  });
});
