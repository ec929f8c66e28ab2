import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";

/** Asks `count` times at once and records, per caller, the fake time at which its acquire resolved. */
function startAll(limiter: RateLimiter, count: number): { startedAt: number[]; done: Promise<unknown> } {
  const origin = Date.now();
  const startedAt: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, (_, index) =>
      limiter.acquire().then(() => {
        startedAt[index] = Date.now() - origin;
      }),
    ),
  );
  return { startedAt, done };
}

/** The most starts seen in any window of `windowMs` (half-open: a start at exactly `t + windowMs` is the next window's). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe("createRateLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([undefined, Number.POSITIVE_INFINITY])(
    "with %s, lets every call through at once and sets no timer",
    async (limit) => {
      const limiter = createRateLimiter(limit);
      await Promise.all(Array.from({ length: 10_000 }, () => limiter.acquire()));
      expect(vi.getTimerCount()).toBe(0);
      const reason = new Error("stop");
      await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    },
  );

  it.each([0, -1, Number.NaN, Number.NEGATIVE_INFINITY])("refuses %s with a RangeError", (limit) => {
    expect(() => createRateLimiter(limit)).toThrow(RangeError);
    expect(() => createRateLimiter(limit)).toThrow(/positive number of calls per second/);
  });

  it("at 10/s, starts one call at once and the next ones 100 ms apart", async () => {
    const { startedAt, done } = startAll(createRateLimiter(10), 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(99);
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toEqual([0, 100]);
    await vi.advanceTimersByTimeAsync(300);
    await done;
    expect(startedAt).toEqual([0, 100, 200, 300, 400]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("at 100/s, lets a tenth of a second's calls go at once, then paces the rest", async () => {
    const { startedAt, done } = startAll(createRateLimiter(100), 15);
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt.filter((time) => time === 0)).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(50);
    await done;
    expect(startedAt.slice(10)).toEqual([10, 20, 30, 40, 50]);
  });

  it.each([
    [1, 1],
    [7, 1],
    [50, 5],
    [1000, 100],
  ])(
    "at %i/s over 5 s, averages the rate and no second sees more than rate + burst - 1",
    async (rate, burst) => {
      const { startedAt, done } = startAll(createRateLimiter(rate), rate * 5 + burst);
      await vi.advanceTimersByTimeAsync(5001);
      await done;
      // The burst goes at 0 and the rest about every 1000/rate ms (timers are whole milliseconds, rounded up
      // without drifting), so the last one starts at 5 s.
      expect(Math.max(...startedAt)).toBeGreaterThanOrEqual(5000);
      expect(Math.max(...startedAt)).toBeLessThanOrEqual(5001);
      expect(busiestWindow(startedAt, 1000)).toBeLessThanOrEqual(rate + burst - 1);
      expect(busiestWindow(startedAt.slice(burst), 1000)).toBeLessThanOrEqual(rate);
    },
  );

  it("paces a fractional rate: 0.5/s is one call every two seconds", async () => {
    const { startedAt, done } = startAll(createRateLimiter(0.5), 3);
    await vi.advanceTimersByTimeAsync(4000);
    await done;
    expect(startedAt).toEqual([0, 2000, 4000]);
  });

  it("serves callers first come, first served, also when one arrives while others wait", async () => {
    const limiter = createRateLimiter(10);
    const order: string[] = [];
    const calls = ["a", "b", "c"].map((name) => limiter.acquire().then(() => order.push(name)));
    await vi.advanceTimersByTimeAsync(150);
    calls.push(limiter.acquire().then(() => order.push("d")));
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(calls);
    expect(order).toEqual(["a", "b", "c", "d"]);
  });

  it("does not save up more than the burst while idle", async () => {
    const limiter = createRateLimiter(20);
    await vi.advanceTimersByTimeAsync(60_000);
    const { startedAt, done } = startAll(limiter, 4);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(startedAt).toEqual([0, 0, 50, 100]);
  });

  it("rejects an aborted wait with the signal's reason and gives its place to the next caller", async () => {
    const limiter = createRateLimiter(10);
    await limiter.acquire();
    const controller = new AbortController();
    const started: string[] = [];
    const second = limiter.acquire(controller.signal);
    const third = limiter.acquire().then(() => started.push(`third at ${Date.now()}`));
    const origin = Date.now();
    await vi.advanceTimersByTimeAsync(50);
    const reason = new Error("cancelled");
    controller.abort(reason);
    await expect(second).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(50);
    await third;
    expect(started).toEqual([`third at ${origin + 100}`]);
  });

  it("clears its timer when the last waiter aborts, and the unspent slot serves the next caller", async () => {
    const limiter = createRateLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    let started = false;
    const next = limiter.acquire().then(() => {
      started = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(true);
    await next;
  });

  it("rejects a signal aborted beforehand without spending a token", async () => {
    const limiter = createRateLimiter(1);
    const reason = new Error("already gone");
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    let started = false;
    const next = limiter.acquire().then(() => {
      started = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(true);
    await next;
  });
});
