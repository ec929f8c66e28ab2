import { describe, expect, it } from "vitest";
import { seededRandom } from "./seeded-random.js";

describe("seededRandom", () => {
  it("depends only on its inputs", () => {
    expect(seededRandom(42, "Create", 7, "rate")).toBe(seededRandom(42, "Create", 7, "rate"));
    expect(seededRandom(42, "Create", 7, "rate")).not.toBe(seededRandom(43, "Create", 7, "rate"));
    expect(seededRandom(42, "Create", 7, "rate")).not.toBe(seededRandom(42, "Create", 8, "rate"));
    expect(seededRandom(42, "Create", 7, "rate")).not.toBe(seededRandom(42, "Delete", 7, "rate"));
    expect(seededRandom(42, "ab", "c")).not.toBe(seededRandom(42, "a", "bc"));
  });

  it("spreads evenly over [0, 1)", () => {
    const buckets = new Array(10).fill(0);
    for (let call = 0; call < 20_000; call++) {
      const value = seededRandom(1, "Create", call);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      buckets[Math.floor(value * 10)] += 1;
    }
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});
