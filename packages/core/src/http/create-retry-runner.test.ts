import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createRetryRunner, type RetryCall, type RetryOutcome } from "./create-retry-runner.js";
import type { DebugEvent } from "./debug-event.js";
import { createRetryBudget } from "./retry-budget.js";

/** A runner whose waits are recorded and skipped, with a fixed jitter and its debug events collected. */
function instantRunner(retry: Parameters<typeof createRetryRunner>[0] = { budget: false }) {
  const delays: number[] = [];
  const events: DebugEvent[] = [];
  const runner = createRetryRunner(retry, {
    random: () => 0.5,
    now: () => 0,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onDebug: (event) => events.push(event),
  });
  return { runner, delays, events };
}

/** A call whose failures are retried when their message is "again", with an optional Retry-After. */
function call(retryAfterMs?: number): RetryCall<string> {
  return {
    method: "POST",
    url: "https://sg.example.com/api/x?access_token=secret",
    classify: (outcome: RetryOutcome<string>) =>
      "error" in outcome && (outcome.error as Error).message === "again"
        ? { reason: "again", ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
        : undefined,
  };
}

/** An attempt function that fails with `again` `failures` times, then answers "ok", counting its calls. */
function flaky(failures: number) {
  const attempts: number[] = [];
  const attempt = async (n: number) => {
    attempts.push(n);
    if (attempts.length <= failures) throw new Error("again");
    return "ok";
  };
  return { attempt, attempts };
}

describe("createRetryRunner", () => {
  it("retries what the classifier calls retryable, numbering attempts, with full-jitter backoff", async () => {
    const { runner, delays, events } = instantRunner({ maxAttempts: 4, baseDelayMs: 100, budget: false });
    const { attempt, attempts } = flaky(2);
    await expect(runner.run(attempt, call())).resolves.toBe("ok");
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([50, 100]);
    expect(events).toEqual([
      {
        type: "retry",
        method: "POST",
        url: expect.not.stringContaining("secret"),
        attempt: 2,
        delayMs: 50,
        reason: "again",
      },
      {
        type: "retry",
        method: "POST",
        url: expect.not.stringContaining("secret"),
        attempt: 3,
        delayMs: 100,
        reason: "again",
      },
    ]);
  });

  it("settles with the last outcome when attempts run out, and never retries a final outcome", async () => {
    const { runner } = instantRunner({ maxAttempts: 3, budget: false });
    const failing = flaky(10);
    await expect(runner.run(failing.attempt, call())).rejects.toThrow("again");
    expect(failing.attempts).toHaveLength(3);
    const final = { attempts: 0 };
    await expect(
      runner.run(async () => {
        final.attempts++;
        throw new Error("never");
      }, call()),
    ).rejects.toThrow("never");
    expect(final.attempts).toBe(1);
  });

  it("retries values too, discarding each dropped one", async () => {
    const { runner } = instantRunner({ maxAttempts: 3, budget: false });
    const discarded: number[] = [];
    const value = await runner.run(async (n) => n, {
      method: "GET",
      url: "https://sg.example.com/",
      classify: (outcome) => ("value" in outcome && outcome.value < 3 ? { reason: "small" } : undefined),
      discard: (n) => discarded.push(n),
    });
    expect(value).toBe(3);
    expect(discarded).toEqual([1, 2]);
  });

  it("waits exactly the Retry-After a classifier reports, and gives up when it exceeds maxDelayMs", async () => {
    const { runner, delays, events } = instantRunner({ maxAttempts: 3, maxDelayMs: 5000, budget: false });
    await expect(runner.run(flaky(1).attempt, call(4000))).resolves.toBe("ok");
    expect(delays).toEqual([4000]);
    const tooLong = flaky(1);
    await expect(runner.run(tooLong.attempt, call(6000))).rejects.toThrow("again");
    expect(tooLong.attempts).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: "retry-skipped",
      reason: "retry-after-too-long",
      delayMs: 6000,
    });
  });

  it("shares one budget between all its calls", async () => {
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 0.2, windowMs: 10_000, now: () => 0 });
    const { runner, events } = instantRunner({ maxAttempts: 5, budget });
    // A floor of 0.2/s over 10 s is 2 retries, whatever the number of calls.
    await expect(runner.run(flaky(1).attempt, call())).resolves.toBe("ok");
    const second = flaky(10);
    await expect(runner.run(second.attempt, call())).rejects.toThrow("again");
    expect(second.attempts).toHaveLength(2);
    expect(events.filter((event) => event.type === "retry")).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "retry-skipped", reason: "retry-budget-exhausted" });
  });

  it("does not retry an aborted call, and an abort cuts a wait short with its reason", async () => {
    const { runner } = instantRunner({ maxAttempts: 4, budget: false });
    const aborted = new AbortController();
    aborted.abort(new Error("caller gave up"));
    const once = flaky(10);
    await expect(runner.run(once.attempt, { ...call(), signal: aborted.signal })).rejects.toThrow("again");
    expect(once.attempts).toHaveLength(1);

    const waiting = createRetryRunner({ maxAttempts: 4, budget: false });
    const controller = new AbortController();
    const pending = waiting.run(flaky(10).attempt, { ...call(10_000), signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });

  it("single attempt with retry: false, and checks its options", async () => {
    const { runner } = instantRunner(false);
    const failing = flaky(1);
    await expect(runner.run(failing.attempt, call())).rejects.toThrow("again");
    expect(failing.attempts).toHaveLength(1);
    expect(() => createRetryRunner({ maxAttempts: 0 })).toThrow(ConfigurationError);
    expect(() => createRetryRunner({ budget: { ratio: -1 } })).toThrow(ConfigurationError);
  });
});
