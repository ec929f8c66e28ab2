import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { abortableSleep } from "./abortable-sleep.js";

describe("abortableSleep", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves after the delay", async () => {
    let done = false;
    const sleeping = abortableSleep(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it("rejects with the signal's reason as soon as it aborts, and leaves no timer", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: "AbortError" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once for a signal already aborted", async () => {
    const reason = new Error("gave up");
    await expect(abortableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("resolves at once for 0 ms, with no timer", async () => {
    vi.useFakeTimers();
    try {
      await expect(abortableSleep(0)).resolves.toBeUndefined();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
