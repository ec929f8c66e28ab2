import { describe, expect, it } from "vitest";
import { mapInOrder } from "./map-in-order.js";

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("mapInOrder", () => {
  it("yields results in the source's order whatever order the tasks finish in", async () => {
    const results: number[] = [];
    for await (const result of mapInOrder(from([30, 5, 20, 1, 10]), 3, async (ms) => {
      await sleep(ms);
      return ms;
    }))
      results.push(result);
    expect(results).toEqual([30, 5, 20, 1, 10]);
  });

  it("keeps at most `lookahead` tasks started ahead of the consumer", async () => {
    let started = 0;
    const seen: number[] = [];
    for await (const result of mapInOrder(from([1, 2, 3, 4, 5, 6]), 2, async (n) => {
      started += 1;
      return n;
    })) {
      seen.push(started - result);
    }
    expect(Math.max(...seen)).toBeLessThanOrEqual(1);
  });

  it("throws a task's failure at its turn, after the results before it", async () => {
    const results: number[] = [];
    const run = async () => {
      for await (const result of mapInOrder(from([1, 2, 3]), 3, async (n) => {
        if (n === 2) throw new Error("two");
        await sleep(5);
        return n;
      }))
        results.push(result);
    };
    await expect(run()).rejects.toThrow("two");
    expect(results).toEqual([1]);
  });
});
