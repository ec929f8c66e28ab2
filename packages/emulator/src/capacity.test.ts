import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callApi } from "../test/support/call-api.js";
import { useEmulator } from "../test/support/use-emulator.js";
import {
  CapacityExceededError,
  type CapacityOptions,
  createCapacityLimiter,
  validateCapacityOptions,
} from "./capacity.js";
import { sampleSeed } from "./seed/sample-seed.js";

/** Starts a call and records when (in fake time) it settled and how. */
function track<T>(promise: Promise<T>) {
  const result: { at?: number; value?: T; error?: unknown } = {};
  const started = Date.now();
  promise.then(
    (value) => {
      result.at = Date.now() - started;
      result.value = value;
    },
    (error: unknown) => {
      result.at = Date.now() - started;
      result.error = error;
    },
  );
  return result;
}

describe("createCapacityLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({ fakeNodeBuiltins: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("serves up to `workers` calls at once, each holding a worker for the service time", async () => {
    const limiter = createCapacityLimiter({ workers: 2, serviceMs: 100 });
    const calls = [1, 2, 3, 4].map((n) => track(limiter.run(async () => n)));
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.stats()).toMatchObject({ busy: 2, queued: 2 });
    await vi.advanceTimersByTimeAsync(250);
    expect(calls.map((call) => call.at)).toEqual([100, 100, 200, 200]);
    expect(calls.map((call) => call.value)).toEqual([1, 2, 3, 4]);
    expect(limiter.stats()).toMatchObject({
      workers: 2,
      busy: 0,
      queued: 0,
      maxQueued: 2,
      served: 4,
      rejected: 0,
    });
  });

  it("keeps the latencies of served calls, queue wait included, as percentiles within 2%", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 100, queueTimeoutMs: 1000 });
    expect(limiter.stats().latency.count).toBe(0);
    expect(limiter.stats().latency.percentile(0.95)).toBe(0);
    // One worker: 100, 200, …, 1000 ms from arrival; the 11th waits past the queue timeout and is not counted.
    for (let n = 0; n < 11; n++) track(limiter.run(async () => n));
    await vi.advanceTimersByTimeAsync(1000);
    const first = limiter.stats().latency;
    expect(first.count).toBe(10);
    expect(limiter.stats().rejected).toBe(1);
    const near = (ms: number) => [ms, ms * 1.02];
    expect(first.percentile(0.5)).toBeGreaterThanOrEqual(near(500)[0] as number);
    expect(first.percentile(0.5)).toBeLessThanOrEqual(near(500)[1] as number);
    expect(first.percentile(0.95)).toBeGreaterThanOrEqual(1000);
    expect(first.percentile(0.95)).toBeLessThanOrEqual(1020);
    expect(first.percentile(0)).toBeLessThanOrEqual(102);
    // A later phase alone: `since` leaves out what an earlier snapshot counted.
    for (let n = 0; n < 3; n++) track(limiter.run(async () => n));
    await vi.advanceTimersByTimeAsync(400);
    const later = limiter.stats().latency.since(first);
    expect(later.count).toBe(3);
    expect(later.percentile(1)).toBeGreaterThanOrEqual(300);
    expect(later.percentile(1)).toBeLessThanOrEqual(306);
    expect(limiter.stats().latency.count).toBe(13);
    // Snapshots do not change afterwards.
    expect(first.count).toBe(10);
  });

  it("raises latency past capacity, then fails calls that waited longer than the queue timeout", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 100, queueTimeoutMs: 250 });
    const calls = [1, 2, 3, 4, 5].map((n) => track(limiter.run(async () => n)));
    await vi.advanceTimersByTimeAsync(1000);
    // FIFO: 100, 200, 300 ms; the 4th and 5th would have started at 300 and 400 ms, after their 250 ms deadline.
    expect(calls.map((call) => call.at)).toEqual([100, 200, 300, 250, 250]);
    expect(calls.slice(0, 3).map((call) => call.value)).toEqual([1, 2, 3]);
    expect(calls[3]?.error).toBeInstanceOf(CapacityExceededError);
    expect(String(calls[4]?.error)).toBe(
      "CapacityExceededError: server over capacity: no worker became free within 250 ms",
    );
    expect(limiter.stats()).toMatchObject({ served: 3, rejected: 2, maxQueued: 4 });
  });

  it("keeps its capacity when its timers fire late (a busy machine): the next call's hold ends on time", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 100 });
    const first = track(limiter.run(async () => 1));
    const second = track(limiter.run(async () => 2));
    const third = track(limiter.run(async () => 3));
    await vi.advanceTimersByTimeAsync(0);
    // The clock jumps 30 ms while no timer runs, as when the event loop is held up: the first call's timer fires
    // at 130 ms instead of 100.
    vi.setSystemTime(Date.now() + 30);
    await vi.advanceTimersByTimeAsync(400);
    expect(first.at).toBe(130);
    // The worker was free at 100 ms in the model's time: the second call holds it until 200, not 230.
    expect(second.at).toBe(200);
    expect(third.at).toBe(300);
    expect(limiter.stats().served).toBe(3);
  });

  it("charges perRowMs for each row the result has", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 10, perRowMs: 5 });
    const list = track(
      limiter.run(
        async () => ["a", "b", "c", "d"],
        (rows) => rows.length,
      ),
    );
    const get = track(limiter.run(async () => "x"));
    await vi.advanceTimersByTimeAsync(100);
    expect(list.at).toBe(30);
    expect(get.at).toBe(40);
  });

  it("still charges the base service time when the work fails, and passes the failure on", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 50 });
    const failing = track(limiter.run(async () => Promise.reject(new Error("not found"))));
    const next = track(limiter.run(async () => "ok"));
    await vi.advanceTimersByTimeAsync(100);
    expect([failing.at, (failing.error as Error).message]).toEqual([50, "not found"]);
    expect(next.at).toBe(100);
  });

  it("drops a queued call whose signal aborts: it never runs and frees its place", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 100 });
    const controller = new AbortController();
    const work = vi.fn(async () => "never");
    track(limiter.run(async () => "first"));
    const aborted = track(limiter.run(work, undefined, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error("client gone"));
    await vi.advanceTimersByTimeAsync(200);
    expect((aborted.error as Error).message).toBe("client gone");
    expect(work).not.toHaveBeenCalled();
    expect(limiter.stats()).toMatchObject({ busy: 0, queued: 0 });
  });

  it("fails queued calls on close and refuses new ones", async () => {
    const limiter = createCapacityLimiter({ workers: 1, serviceMs: 1000 });
    track(limiter.run(async () => 1));
    const queued = track(limiter.run(async () => 2));
    await vi.advanceTimersByTimeAsync(1);
    limiter.close();
    await vi.advanceTimersByTimeAsync(1);
    expect(queued.error).toBeInstanceOf(CapacityExceededError);
    await expect(limiter.run(async () => 3)).rejects.toBeInstanceOf(CapacityExceededError);
  });
});

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

// Real loopback calls. Timing assertions are lower bounds only (a service time is a minimum, so they cannot be
// flaky), and nothing assumes that concurrent calls reach the server at the same moment; exact queue behaviour
// is tested with fake timers under "createCapacityLimiter" above.
const start = useEmulator();
const list = { parent: "repositories/124" };

describe("the capacity model over HTTP", () => {
  it("serves calls past capacity one at a time, so the last waits for the others", async () => {
    const emulator = await start({
      seed: sampleSeed(),
      capacity: { workers: 1, serviceMs: 60, queueTimeoutMs: 5000 },
    });
    const started = performance.now();
    const answers = await Promise.all(
      [1, 2, 3].map(() => callApi(emulator, "ListExplicitRepoPermissions", list)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // One worker holds each call for at least 60 ms, one call after another, however the three arrive: a lower
    // bound only, which a busy machine cannot break.
    expect(performance.now() - started).toBeGreaterThanOrEqual(175);
    const stats = emulator.capacityStats();
    expect(stats).toMatchObject({ workers: 1, busy: 0, queued: 0, served: 3, rejected: 0 });
    // How many waited at once depends on when the calls reached the server (on a busy machine the first can be
    // done before the third arrives); the exact queue is tested with fake timers under "createCapacityLimiter".
    expect(stats?.maxQueued).toBeLessThanOrEqual(2);
  });

  it("then fails calls that cannot get a worker before the queue deadline with unavailable (503)", async () => {
    const emulator = await start({
      seed: sampleSeed(),
      // The first call holds the one worker for 2 s, so that the other two reach the server while it is busy
      // even on a busy machine.
      capacity: { workers: 1, serviceMs: 2000, queueTimeoutMs: 20 },
    });
    const answers = await Promise.all(
      [1, 2, 3].map(() => callApi(emulator, "ListExplicitRepoPermissions", list)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 503, 503]);
    expect(answers.filter((answer) => answer.status === 503).map((answer) => answer.body)).toEqual([
      { code: "unavailable", message: "server over capacity: no worker became free within 20 ms" },
      { code: "unavailable", message: "server over capacity: no worker became free within 20 ms" },
    ]);
    expect(emulator.capacityStats()).toMatchObject({ served: 1, rejected: 2 });
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(3);
  });

  it("charges List calls per row returned", async () => {
    const emulator = await start({ seed: sampleSeed(), capacity: { workers: 4, perRowMs: 100 } });
    const started = performance.now();
    // Two rows: repository 124 (github.com/acme/web) has alice and bob.
    expect((await callApi(emulator, "ListExplicitRepoPermissions", list)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it("is off by default", async () => {
    const emulator = await start();
    expect(emulator.capacityStats()).toBeUndefined();
  });
});
