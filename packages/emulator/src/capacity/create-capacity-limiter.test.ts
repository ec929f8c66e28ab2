import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CapacityExceededError } from "./capacity-exceeded-error.js";
import { createCapacityLimiter } from "./create-capacity-limiter.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

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
  it("serves up to `workers` calls at once, each holding a worker for the service time", async () => {
    const limiter = createCapacityLimiter({ workers: 2, serviceMs: 100 });
    const calls = [1, 2, 3, 4].map((n) => track(limiter.run(async () => n)));
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.stats()).toMatchObject({ busy: 2, queued: 2 });
    await vi.advanceTimersByTimeAsync(250);
    expect(calls.map((call) => call.at)).toEqual([100, 100, 200, 200]);
    expect(calls.map((call) => call.value)).toEqual([1, 2, 3, 4]);
    expect(limiter.stats()).toEqual({ workers: 2, busy: 0, queued: 0, maxQueued: 2, served: 4, rejected: 0 });
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
