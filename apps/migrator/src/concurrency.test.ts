import { NetworkError, RateLimitedError, SourcegraphError, TimeoutError } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { type CallSlots, createCallSlots, INITIAL_LIMIT, isOverloadSign, mapInOrder } from "./concurrency.js";

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

// The adaptive limit, against a simulated server on a simulated clock: every time below is simulated, so the
// assertions are about behaviour (where the limit goes, what share of the simulated capacity is used, what is
// refused) and hold on any machine.

/** A simulated clock: events run in time order, each followed by every promise callback it caused. */
class SimulatedClock {
  time = 0;
  /** A binary heap of events, earliest (then first scheduled) on top. */
  private heap: { at: number; seq: number; run: () => void; cancelled: boolean }[] = [];
  private seq = 0;
  readonly now = (): number => this.time;

  /** Runs `run` after `delayMs`; returns a cancel function. */
  after(delayMs: number, run: () => void): () => void {
    const event = { at: this.time + delayMs, seq: this.seq++, run, cancelled: false };
    const heap = this.heap;
    heap.push(event);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent] as typeof event, heap[i] as typeof event];
      i = parent;
    }
    return () => {
      event.cancelled = true;
    };
  }

  /** Runs the events due up to `end` (all of them without `end`), then sets the clock to `end`. */
  async runUntil(end = Number.POSITIVE_INFINITY): Promise<void> {
    await new Promise(setImmediate);
    for (;;) {
      const event = this.heap[0];
      if (!event || event.at > end) break;
      this.pop();
      if (event.cancelled) continue;
      this.time = event.at;
      event.run();
      await new Promise(setImmediate);
    }
    if (Number.isFinite(end)) this.time = end;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x !== undefined && y !== undefined && (x.at < y.at || (x.at === y.at && x.seq < y.seq));
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && this.before(left, best)) best = left;
      if (right < heap.length && this.before(right, best)) best = right;
      if (best === i) break;
      [heap[i], heap[best]] = [heap[best] as typeof last, heap[i] as typeof last];
      i = best;
    }
  }
}

/** What the simulated server does; its fields may change during a test (a slower server, an outage). */
interface ServerModel {
  workers: number;
  serviceMs: number;
  /** A call waiting longer than this for a worker is refused with a 503. */
  queueTimeoutMs: number;
  /** Each way, outside the server: the client's and the network's share of a call's latency. */
  transitMs: number;
  /** Up to this much more each way, at (seeded) random: a busy client machine answering late. */
  transitJitterMs: number;
  /**
   * The client stalls (a busy machine holding up its event loop) for `stallMs` out of every `stallEveryMs`: answers
   * that arrive meanwhile are read together when it ends. 0 for none.
   */
  stallEveryMs: number;
  stallMs: number;
  /** Every call is refused at once with a 503 (an outage behind a proxy). */
  down: boolean;
  /** Every how-many-th served call fails with a 404 (a neutral failure); 0 for none. */
  notFoundEvery: number;
  /** Calls arriving before this time are answered 429, 200 ms later (a throttling proxy holding the answer). */
  rateLimitedUntil: number;
}

class ServiceUnavailable extends SourcegraphError {
  constructor() {
    super("server over capacity", { code: "unavailable", status: 503 });
  }
}

/**
 * A server like the emulator's capacity model: `workers` calls served at once for `serviceMs` each, the rest in
 * a FIFO queue (latency grows with the calls in flight past capacity), refused past the queue timeout.
 */
function simulatedServer(clock: SimulatedClock, model: ServerModel) {
  // A fixed seed (mulberry32): the same jitter on every run.
  let seed = 42;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const transit = (): number => model.transitMs + model.transitJitterMs * random();
  /** How long an answer sent at `at` waits for the client's stall to end. */
  const stalled = (at: number): number => {
    if (model.stallEveryMs <= 0) return 0;
    const into = at % model.stallEveryMs;
    return into < model.stallMs ? model.stallMs - into : 0;
  };
  const stats = { served: 0, refused: 0, rateLimited: 0, inFlight: 0, mostInFlight: 0 };
  const completions: number[] = [];
  let busy = 0;
  const queue: (() => void)[] = [];
  const serve = (finish: (error?: Error) => void) => {
    busy += 1;
    stats.served += 1;
    const served = stats.served;
    clock.after(model.serviceMs, () => {
      busy -= 1;
      // Not simply the next in line: the workers may have been cut meanwhile.
      while (busy < model.workers && queue.length > 0) (queue.shift() as () => void)();
      finish(model.notFoundEvery > 0 && served % model.notFoundEvery === 0 ? new NotFound() : undefined);
    });
  };
  const call = (): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      stats.inFlight += 1;
      stats.mostInFlight = Math.max(stats.mostInFlight, stats.inFlight);
      const answer = (error?: Error) =>
        clock.after(transit() + stalled(clock.time), () => {
          stats.inFlight -= 1;
          if (error) reject(error);
          else {
            completions.push(clock.time);
            resolve(clock.time);
          }
        });
      clock.after(transit(), () => {
        if (model.down) {
          stats.refused += 1;
          answer(new ServiceUnavailable());
        } else if (clock.time < model.rateLimitedUntil) {
          stats.rateLimited += 1;
          clock.after(200, () => answer(new RateLimitedError("slow down")));
        } else if (busy < model.workers && queue.length === 0) serve(answer);
        else {
          const waiter = () => {
            cancel();
            serve(answer);
          };
          const cancel = clock.after(model.queueTimeoutMs, () => {
            queue.splice(queue.indexOf(waiter), 1);
            stats.refused += 1;
            answer(new ServiceUnavailable());
          });
          queue.push(waiter);
        }
      });
    });
  /** Successful calls answered in [from, to), as a share of what the server could serve in that time. */
  const shareOfCapacity = (from: number, to: number): number =>
    completions.filter((at) => at >= from && at < to).length /
    (((to - from) * model.workers) / model.serviceMs);
  return { call, stats, shareOfCapacity, model };
}

class NotFound extends SourcegraphError {
  constructor() {
    super("no such permission", { code: "not_found", status: 404 });
  }
}

const model = (overrides: Partial<ServerModel>): ServerModel => ({
  workers: 32,
  serviceMs: 80,
  queueTimeoutMs: 500,
  transitMs: 1,
  transitJitterMs: 0,
  stallEveryMs: 0,
  stallMs: 0,
  down: false,
  notFoundEvery: 0,
  rateLimitedUntil: 0,
  ...overrides,
});

/**
 * Keeps more calls asking for a slot than the ceiling (as apply's lookahead does) until `until`, and records the
 * limit after every event.
 */
function keepAsking(clock: SimulatedClock, slots: CallSlots, call: () => Promise<unknown>, until: number) {
  const limits: { at: number; limit: number }[] = [];
  let failures = 0;
  const loop = async () => {
    while (clock.time < until) {
      await slots.run(call).catch(() => {
        failures += 1;
      });
      limits.push({ at: clock.time, limit: slots.limit });
    }
  };
  for (let i = 0; i < 300; i++) void loop();
  return {
    limits,
    failures: () => failures,
    /** The limits seen in [from, to). */
    between: (from: number, to: number) =>
      limits.filter(({ at }) => at >= from && at < to).map(({ limit }) => limit),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe("createCallSlots, adaptive", () => {
  it.each([
    ["32 workers × 80 ms", 32, 80],
    ["8 workers × 20 ms", 8, 20],
    ["4 workers × 5 ms", 4, 5],
  ])(
    "on a server of %s, grows from low to near its capacity and uses at least 90 per cent of it, refusing none",
    async (_, workers, serviceMs) => {
      const clock = new SimulatedClock();
      const server = simulatedServer(clock, model({ workers, serviceMs }));
      const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
      expect(slots.limit).toBeLessThanOrEqual(INITIAL_LIMIT);
      const end = 400 * serviceMs;
      const run = keepAsking(clock, slots, server.call, end);
      await clock.runUntil();
      expect(server.stats.refused).toBe(0);
      expect(run.failures()).toBe(0);
      // After the start (a few dozen round trips), the server's workers are kept busy…
      expect(server.shareOfCapacity(50 * serviceMs, end)).toBeGreaterThanOrEqual(0.9);
      // …by a limit near the workers plus a small queue (lower for a moment while it re-measures the baseline),
      // nowhere near the ceiling.
      const settled = run.between(50 * serviceMs, end);
      expect(median(settled)).toBeGreaterThanOrEqual(workers);
      expect(Math.max(...settled)).toBeLessThanOrEqual(workers * 2 + 12);
      expect(server.stats.mostInFlight).toBeLessThanOrEqual(workers * 2 + 12);
    },
  );

  it.each([
    ["32 workers × 80 ms", 32, 80],
    ["8 workers × 20 ms", 8, 20],
  ])(
    "with a noisy client (answers up to a fifth of the service time late each way, at random), still uses at least 90 per cent of %s",
    async (_, workers, serviceMs) => {
      const clock = new SimulatedClock();
      const jitter = serviceMs / 5;
      const server = simulatedServer(clock, model({ workers, serviceMs, transitJitterMs: jitter }));
      const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
      const end = 400 * serviceMs;
      const run = keepAsking(clock, slots, server.call, end);
      await clock.runUntil();
      expect(server.stats.refused).toBe(0);
      expect(server.shareOfCapacity(50 * serviceMs, end)).toBeGreaterThanOrEqual(0.9);
      // The calls in flight outside the server (on the way, or waiting for a busy client) need slots of their own.
      expect(median(run.between(50 * serviceMs, end))).toBeGreaterThan(workers);
      expect(server.stats.mostInFlight).toBeLessThanOrEqual(workers * 2 + 12);
    },
  );

  it.each([
    ["32 workers × 80 ms", 32, 80],
    ["8 workers × 20 ms", 8, 20],
  ])(
    "with a client that stalls (half a service time in every three), still uses at least 90 per cent of %s",
    async (_, workers, serviceMs) => {
      const clock = new SimulatedClock();
      const server = simulatedServer(
        clock,
        model({ workers, serviceMs, stallEveryMs: 3 * serviceMs + 7, stallMs: serviceMs / 2 }),
      );
      const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
      const end = 400 * serviceMs;
      const run = keepAsking(clock, slots, server.call, end);
      await clock.runUntil();
      expect(server.stats.refused).toBe(0);
      expect(server.shareOfCapacity(50 * serviceMs, end)).toBeGreaterThanOrEqual(0.9);
      expect(median(run.between(50 * serviceMs, end))).toBeGreaterThan(workers);
    },
  );

  it("never goes above the ceiling, and reaches it when the server has room", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 32, serviceMs: 80 }));
    const slots = createCallSlots({ ceiling: 10, internal: { now: clock.now } });
    const run = keepAsking(clock, slots, server.call, 8000);
    await clock.runUntil();
    expect(Math.max(...run.limits.map(({ limit }) => limit))).toBe(10);
    expect(server.stats.mostInFlight).toBe(10);
    expect(run.between(2000, 8000).filter((limit) => limit === 10).length).toBeGreaterThan(0);
  });

  it("with a ceiling of 1 runs one call at a time", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 8, serviceMs: 20 }));
    const slots = createCallSlots({ ceiling: 1, internal: { now: clock.now } });
    keepAsking(clock, slots, server.call, 1000);
    await clock.runUntil();
    expect(slots.limit).toBe(1);
    expect(server.stats.mostInFlight).toBe(1);
  });

  it("cuts on rising latency (the server lost workers) before any call is refused, then holds the new size", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 32, serviceMs: 80, queueTimeoutMs: 2000 }));
    const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    const run = keepAsking(clock, slots, server.call, 40_000);
    await clock.runUntil(20_000);
    const before = slots.limit;
    expect(before).toBeGreaterThanOrEqual(32);
    server.model.workers = 8;
    await clock.runUntil();
    expect(server.stats.refused).toBe(0);
    // Within a few round trips of the change the limit is down near the 8 workers left…
    expect(Math.max(...run.between(22_000, 40_000))).toBeLessThanOrEqual(8 * 2 + 8);
    // …and still keeps them busy.
    expect(server.shareOfCapacity(22_000, 40_000)).toBeGreaterThanOrEqual(0.85);
  });

  it("cuts on overload signs (an outage refusing every call), never below 1, and recovers when the server does", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 32, serviceMs: 80 }));
    const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    const run = keepAsking(clock, slots, server.call, 30_000);
    await clock.runUntil(10_000);
    expect(slots.limit).toBeGreaterThanOrEqual(32);
    server.model.down = true;
    await clock.runUntil(12_000);
    expect(slots.limit).toBe(1);
    expect(Math.min(...run.between(10_000, 12_000))).toBe(1);
    // Refusals keep coming, one call at a time: the limit stays at 1 and calls still go out.
    const refusedBefore = server.stats.refused;
    await clock.runUntil(13_000);
    expect(slots.limit).toBe(1);
    expect(server.stats.refused).toBeGreaterThan(refusedBefore);
    server.model.down = false;
    await clock.runUntil();
    expect(Math.max(...run.between(13_000, 18_000))).toBeGreaterThanOrEqual(32);
    expect(server.shareOfCapacity(18_000, 30_000)).toBeGreaterThanOrEqual(0.9);
  });

  it("cuts once for the 429s of calls sent before the first was answered, not once per refused call", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 32, serviceMs: 80 }));
    const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    const run = keepAsking(clock, slots, server.call, 12_000);
    await clock.runUntil(10_000);
    const before = slots.limit;
    // Every call arriving in the next 100 ms is refused, each refusal answered 200 ms later.
    server.model.rateLimitedUntil = 10_100;
    await clock.runUntil(10_500);
    expect(server.stats.rateLimited).toBeGreaterThan(3);
    expect(run.failures()).toBe(server.stats.rateLimited);
    // One cut (to 70%), not one per refusal; and back up afterwards.
    const lowest = Math.min(...run.between(10_000, 10_500));
    expect(lowest).toBeGreaterThanOrEqual(Math.floor(before * 0.7));
    expect(lowest).toBeLessThanOrEqual(Math.ceil(before * 0.7));
    await clock.runUntil();
    expect(Math.max(...run.between(11_000, 12_000))).toBeGreaterThanOrEqual(32);
  });

  it("follows a server that became slower for good (the baseline moves) instead of shrinking for ever", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 16, serviceMs: 20 }));
    const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    keepAsking(clock, slots, server.call, 60_000);
    await clock.runUntil(10_000);
    server.model.serviceMs = 60;
    await clock.runUntil();
    expect(server.stats.refused).toBe(0);
    expect(server.shareOfCapacity(30_000, 60_000)).toBeGreaterThanOrEqual(0.9);
  });

  it("reads neutral failures (not found) as neither success nor overload", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 16, serviceMs: 20, notFoundEvery: 3 }));
    const slots = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    const run = keepAsking(clock, slots, server.call, 10_000);
    await clock.runUntil();
    expect(run.failures()).toBeGreaterThan(1000);
    expect(server.stats.refused).toBe(0);
    expect(Math.max(...run.between(3000, 10_000))).toBeGreaterThanOrEqual(16);
    // Served calls (found or not) keep the workers busy.
    expect(server.stats.served / ((10_000 * 16) / 20)).toBeGreaterThanOrEqual(0.85);
  });

  it("two clients sharing one server use >= 85% of it together, refusing none", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 32, serviceMs: 80 }));
    const first = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    const second = createCallSlots({ ceiling: 256, internal: { now: clock.now } });
    keepAsking(clock, first, server.call, 40_000);
    await clock.runUntil(5_000);
    keepAsking(clock, second, server.call, 40_000);
    await clock.runUntil();
    expect(server.stats.refused).toBe(0);
    expect(server.shareOfCapacity(10_000, 40_000)).toBeGreaterThanOrEqual(0.85);
    expect(first.limit + second.limit).toBeLessThanOrEqual(32 * 2 + 24);
  });

  it("the latency it judges starts after `before` (a rate limiter's wait is not the server's latency)", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 8, serviceMs: 20 }));
    // A rate limiter letting one call go every 10 ms: 100 calls/s, a quarter of the server's 400.
    let next = 0;
    const before = () =>
      new Promise<void>((resolve) => {
        const at = Math.max(next, clock.time);
        next = at + 10;
        clock.after(at - clock.time, resolve);
      });
    const slots = createCallSlots({ ceiling: 64, before, internal: { now: clock.now } });
    keepAsking(clock, slots, server.call, 10_000);
    await clock.runUntil();
    // Waits of up to a whole limit's worth of 10 ms slots, read as latency, would cut the limit towards 1.
    expect(server.stats.refused).toBe(0);
    expect(server.shareOfCapacity(2000, 10_000)).toBeGreaterThanOrEqual(0.24);
  });

  it("fixed (adaptive: false) keeps the ceiling whatever the server says", async () => {
    const clock = new SimulatedClock();
    const server = simulatedServer(clock, model({ workers: 8, serviceMs: 20, queueTimeoutMs: 100 }));
    const slots = createCallSlots({ ceiling: 64, adaptive: false, internal: { now: clock.now } });
    keepAsking(clock, slots, server.call, 2000);
    await clock.runUntil();
    expect(slots.limit).toBe(64);
    expect(server.stats.mostInFlight).toBe(64);
    expect(server.stats.refused).toBeGreaterThan(0);
  });
});

describe("isOverloadSign", () => {
  it.each([
    ["RateLimitedError (429)", new RateLimitedError("slow down")],
    ["NetworkError (reset)", new NetworkError("socket hang up")],
    ["TimeoutError", new TimeoutError("took too long", { timeoutMs: 30_000 })],
    ["a 503 unavailable", new SourcegraphError("down", { code: "unavailable", status: 503 })],
    ["a 504", new SourcegraphError("gateway timeout", { code: "deadline_exceeded", status: 504 })],
    ["a 502 (unavailable)", new SourcegraphError("bad gateway", { code: "unavailable", status: 502 })],
    ["Connect resource_exhausted", new SourcegraphError("quota", { code: "resource_exhausted" })],
    ["a Node reset", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["undici's closed socket", Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })],
    [
      "fetch failed, caused by a refused connection",
      new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }),
    ],
    ["a timeout signal's reason", new DOMException("timed out", "TimeoutError")],
    ["an object with status 503", { status: 503 }],
  ])("%s is an overload sign", (_, error) => {
    expect(isOverloadSign(error)).toBe(true);
  });

  it.each([
    ["not found", new NotFound()],
    ["already exists", new SourcegraphError("exists", { code: "already_exists", status: 409 })],
    ["a bad request", new SourcegraphError("bad", { code: "invalid_argument", status: 400 })],
    ["denied", new SourcegraphError("no", { code: "permission_denied", status: 403 })],
    ["an internal error (500)", new SourcegraphError("bug", { code: "internal", status: 500 })],
    ["canceled", new SourcegraphError("stopped", { code: "canceled", status: 499 })],
    ["an abort", new DOMException("aborted", "AbortError")],
    ["a symbol of the run's own", Symbol("not started")],
    ["a plain error", new Error("boom")],
    ["undefined", undefined],
  ])("%s is neutral", (_, error) => {
    expect(isOverloadSign(error)).toBe(false);
  });
});
