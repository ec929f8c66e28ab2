import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sleep } from "./sleep.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("sleep", () => {
  it("resolves after the time, not before", async () => {
    let done = false;
    const slept = sleep(100).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(done).toBe(true);
  });

  it("rejects with the signal's reason at once when aborted, or when already aborted", async () => {
    const controller = new AbortController();
    const slept = sleep(1000, controller.signal);
    controller.abort(new Error("stopping"));
    await expect(slept).rejects.toThrow("stopping");
    await expect(sleep(10, controller.signal)).rejects.toThrow("stopping");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("resolves at once for 0 ms", async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
  });
});
