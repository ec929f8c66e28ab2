import { describe, expect, it } from "vitest";
import { createCallSlots, mapInOrder } from "./concurrency.js";

/** A call the test settles by hand; `started` turns true when the slots let it run. */
interface HeldCall<T> {
  started: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Runs `count` calls through `run`, each held until the test settles it; `log` gets each index as it starts. */
function holdCalls<T>(
  count: number,
  run: (call: () => Promise<T>) => Promise<T>,
  log: number[] = [],
): { calls: HeldCall<T>[]; results: Promise<PromiseSettledResult<T>[]> } {
  const calls: HeldCall<T>[] = [];
  const promises = Array.from({ length: count }, (_, index) => {
    const held: HeldCall<T> = { started: false, resolve: () => {}, reject: () => {} };
    calls.push(held);
    return run(
      () =>
        new Promise<T>((resolve, reject) => {
          held.started = true;
          held.resolve = resolve;
          held.reject = reject;
          log.push(index);
        }),
    );
  });
  return { calls, results: Promise.allSettled(promises) };
}

/** Lets every pending promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

/** Settles every call as it starts, until all have run; `value` gives each call's result. */
async function finishAll<T>(calls: readonly HeldCall<T>[], value: (index: number) => T): Promise<void> {
  for (let round = 0; round <= calls.length; round++) {
    for (const [index, call] of calls.entries()) if (call.started) call.resolve(value(index));
    await settle();
  }
}

function startedCount(calls: readonly HeldCall<unknown>[]): number {
  return calls.filter((call) => call.started).length;
}

describe("createCallSlots, fixed (adaptive: false)", () => {
  it("never has more than `limit` calls in flight however many are started, and runs them all", async () => {
    const slots = createCallSlots({ ceiling: 4, adaptive: false });
    let inFlight = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        slots.run(async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          // Finish in a scrambled order, some at once and some after a few turns of the event loop.
          for (let turn = 0; turn < (index * 7) % 5; turn++) await new Promise(setImmediate);
          inFlight -= 1;
          return index * 2;
        }),
      ),
    );
    expect(most).toBe(4);
    expect(inFlight).toBe(0);
    expect(results).toEqual(Array.from({ length: 500 }, (_, index) => index * 2));
  });

  it("starts `limit` calls at once and one more each time a call finishes", async () => {
    const slots = createCallSlots({ ceiling: 3, adaptive: false });
    const { calls, results } = holdCalls<number>(7, (call) => slots.run(call));
    await settle();
    expect(startedCount(calls)).toBe(3);
    calls[1]?.resolve(1);
    await settle();
    expect(startedCount(calls)).toBe(4);
    calls[0]?.resolve(0);
    calls[2]?.resolve(2);
    await settle();
    expect(startedCount(calls)).toBe(6);
    await finishAll(calls, (index) => index);
    expect(startedCount(calls)).toBe(7);
    expect((await results).map((result) => result.status === "fulfilled" && result.value)).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
  });

  it("starts waiting calls in the order they asked (FIFO), whichever call frees the slot", async () => {
    const slots = createCallSlots({ ceiling: 2, adaptive: false });
    const log: number[] = [];
    const { calls, results } = holdCalls<void>(8, (call) => slots.run(call), log);
    await settle();
    expect(log).toEqual([0, 1]);
    // Free the slots from the back: the waiters must still start 2, 3, 4, … in order.
    calls[1]?.resolve();
    await settle();
    calls[0]?.resolve();
    await settle();
    expect(log).toEqual([0, 1, 2, 3]);
    calls[3]?.resolve();
    await settle();
    expect(log).toEqual([0, 1, 2, 3, 4]);
    await finishAll(calls, () => undefined);
    expect(log).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await results;
  });

  it("a call that arrives while others wait queues behind them even when a slot has just been freed", async () => {
    const slots = createCallSlots({ ceiling: 1, adaptive: false });
    const log: number[] = [];
    const first = holdCalls<void>(3, (call) => slots.run(call), log);
    await settle();
    first.calls[0]?.resolve();
    // Synchronously after the release, before the waiter resumed: the newcomer must not overtake it.
    const late = holdCalls<void>(1, (call) => slots.run(call), []);
    await settle();
    expect(log).toEqual([0, 1]);
    expect(late.calls[0]?.started).toBe(false);
    first.calls[1]?.resolve();
    await settle();
    expect(log).toEqual([0, 1, 2]);
    expect(late.calls[0]?.started).toBe(false);
    first.calls[2]?.resolve();
    await settle();
    expect(late.calls[0]?.started).toBe(true);
    late.calls[0]?.resolve();
    await Promise.all([first.results, late.results]);
  });

  it("releases the slot of a call that rejects, and passes the rejection on unchanged", async () => {
    const slots = createCallSlots({ ceiling: 1, adaptive: false });
    const failure = new Error("call failed");
    const { calls, results } = holdCalls<string>(3, (call) => slots.run(call));
    await settle();
    calls[0]?.reject(failure);
    await settle();
    expect(calls[1]?.started).toBe(true);
    calls[1]?.reject(failure);
    await settle();
    expect(calls[2]?.started).toBe(true);
    calls[2]?.resolve("done");
    const settled = await results;
    expect(settled[0]).toEqual({ status: "rejected", reason: failure });
    expect(settled[1]).toEqual({ status: "rejected", reason: failure });
    expect(settled[2]).toEqual({ status: "fulfilled", value: "done" });
  });

  it("releases the slot of a call that throws synchronously", async () => {
    const slots = createCallSlots({ ceiling: 1, adaptive: false });
    const failure = new TypeError("not even a promise");
    await expect(
      slots.run(() => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(slots.run(async () => "next")).resolves.toBe("next");
  });

  it("runs `before` inside the slot: at most `limit` befores at once, each call only after its before", async () => {
    let beforesRunning = 0;
    let mostBefores = 0;
    const gates: (() => void)[] = [];
    const before = async (): Promise<void> => {
      beforesRunning += 1;
      mostBefores = Math.max(mostBefores, beforesRunning);
      await new Promise<void>((resolve) => gates.push(resolve));
      beforesRunning -= 1;
    };
    const slots = createCallSlots({ ceiling: 2, adaptive: false, before });
    const log: number[] = [];
    const { calls, results } = holdCalls<void>(5, (call) => slots.run(call), log);
    await settle();
    // Two slots: two befores waiting (the rate limiter's queue holds two), no call started, three not asked.
    expect(gates).toHaveLength(2);
    expect(log).toEqual([]);
    gates[0]?.();
    await settle();
    expect(log).toEqual([0]);
    expect(gates).toHaveLength(2);
    calls[0]?.resolve();
    await settle();
    // The freed slot went to the third call, which now waits in its before.
    expect(gates).toHaveLength(3);
    expect(log).toEqual([0]);
    for (let round = 0; round < 5; round++) {
      for (const gate of gates.splice(0)) gate();
      await finishAll(calls, () => undefined);
    }
    expect(log).toEqual([0, 1, 2, 3, 4]);
    expect(mostBefores).toBe(2);
    await results;
  });

  it("releases the slot when `before` rejects, without running the call", async () => {
    const stop = new Error("aborted while waiting for the rate limiter");
    let befores = 0;
    const slots = createCallSlots({
      ceiling: 1,
      adaptive: false,
      before: async () => {
        befores += 1;
        if (befores === 1) throw stop;
      },
    });
    let ran = false;
    await expect(
      slots.run(async () => {
        ran = true;
      }),
    ).rejects.toBe(stop);
    expect(ran).toBe(false);
    await expect(slots.run(async () => "after")).resolves.toBe("after");
    expect(befores).toBe(2);
  });
});

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
