import { describe, expect, it, vi } from "vitest";
import type { DebugEvent } from "./debug-event.js";
import { emitDebug } from "./emit-debug.js";

const event: DebugEvent = {
  type: "retry",
  method: "GET",
  url: "https://sg.example.com/",
  attempt: 2,
  delayMs: 1,
  reason: "x",
};

describe("emitDebug", () => {
  it("hands the event to the hook", () => {
    const hook = vi.fn();
    emitDebug(hook, event);
    expect(hook).toHaveBeenCalledWith(event);
  });

  it("does nothing without a hook", () => {
    expect(() => emitDebug(undefined, event)).not.toThrow();
  });

  it("swallows what a hook throws or rejects", async () => {
    expect(() =>
      emitDebug(() => {
        throw new Error("broken logger");
      }, event),
    ).not.toThrow();
    const rejected = vi.fn(async () => {
      throw new Error("broken async logger");
    });
    emitDebug(rejected, event);
    await rejected.mock.results[0]?.value.catch(() => {});
    expect(rejected).toHaveBeenCalledOnce();
  });
});
