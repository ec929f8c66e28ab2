import { describe, expect, it } from "vitest";
import { mapConcurrent } from "./map-concurrent.js";

describe("mapConcurrent", () => {
  it("keeps the order of the items and at most `concurrency` tasks in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await Promise.resolve();
      inFlight--;
      return `${index}:${n * 10}`;
    });
    expect(results).toEqual(["0:50", "1:10", "2:40", "3:20", "4:30"]);
    expect(most).toBe(2);
  });

  it("starts nothing after a failure, waits for what is in flight, then throws the first error", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapConcurrent([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error("first");
      for (let i = 0; i < 3; i++) await Promise.resolve();
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("first");
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it("handles no items", async () => {
    await expect(mapConcurrent([], 4, async () => 1)).resolves.toEqual([]);
  });
});
