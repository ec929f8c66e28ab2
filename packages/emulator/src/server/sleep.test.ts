import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sleep } from "./sleep.js";

describe("sleep", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves once the time has passed, not before", async () => {
    let done = false;
    const waiting = sleep(100).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it("resolves at once for zero, without a timer", async () => {
    await sleep(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the signal's reason when it aborts, and leaves no timer", async () => {
    const controller = new AbortController();
    const waiting = sleep(1000, controller.signal);
    controller.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(5, controller.signal)).rejects.toThrow("stopped");
  });
});
