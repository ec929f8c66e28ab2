import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff-delay.js";

describe("backoffDelay", () => {
  const options = { baseDelayMs: 500, maxDelayMs: 30_000 };

  it("doubles the ceiling for each attempt", () => {
    const delays = [1, 2, 3, 4].map((attempt) =>
      backoffDelay(attempt, { ...options, random: () => 0.999999 }),
    );
    expect(delays).toEqual([499, 999, 1999, 3999]);
  });

  it("jitters over the whole range, down to zero", () => {
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(1000);
  });

  it("never exceeds maxDelayMs, however many attempts", () => {
    expect(backoffDelay(40, { ...options, random: () => 0.999999 })).toBeLessThan(30_000);
    expect(backoffDelay(40, { ...options, random: () => 0.5 })).toBe(15_000);
  });
});
