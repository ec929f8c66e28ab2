import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createRetryBudget } from "./retry-budget.js";

function drain(budget: { tryAcquireRetry(): boolean }): number {
  let granted = 0;
  while (budget.tryAcquireRetry()) granted++;
  return granted;
}

describe("createRetryBudget", () => {
  it("allows the floor of minRetriesPerSecond × window seconds with no traffic", () => {
    const budget = createRetryBudget({ now: () => 0 });
    expect(drain(budget)).toBe(10);
  });

  it("adds ratio × requests on top of the floor", () => {
    const budget = createRetryBudget({ ratio: 0.2, minRetriesPerSecond: 0, now: () => 0 });
    for (let i = 0; i < 50; i++) budget.recordRequest();
    expect(drain(budget)).toBe(10);
  });

  it("forgets requests and retries older than the window", () => {
    let now = 0;
    const budget = createRetryBudget({ windowMs: 10_000, now: () => now });
    expect(drain(budget)).toBe(10);
    now = 5_000;
    expect(budget.tryAcquireRetry()).toBe(false);
    now = 10_000;
    // The first tenth of the window, where all ten retries were counted, has slid out.
    expect(drain(budget)).toBe(10);
  });

  it("keeps counting across buckets inside the window", () => {
    let now = 0;
    const budget = createRetryBudget({
      ratio: 0,
      minRetriesPerSecond: 0.5,
      windowMs: 10_000,
      now: () => now,
    });
    for (let t = 0; t < 10_000; t += 1000) {
      now = t;
      budget.tryAcquireRetry();
    }
    now = 9_999;
    expect(budget.tryAcquireRetry()).toBe(false);
  });

  it("refuses nonsense settings", () => {
    expect(() => createRetryBudget({ windowMs: 0 })).toThrow(ConfigurationError);
    expect(() => createRetryBudget({ ratio: -1 })).toThrow(ConfigurationError);
    expect(() => createRetryBudget({ minRetriesPerSecond: Number.NaN })).toThrow(ConfigurationError);
  });
});
