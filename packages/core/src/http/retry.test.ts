import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import { ConfigurationError, NetworkError } from "../errors.js";
import type { DebugEvent } from "./debug.js";
import { createSourcegraphFetch, type SourcegraphFetchOptions } from "./fetch.js";
import {
  abortableSleep,
  backoffDelay,
  createRetryBudget,
  createRetryRunner,
  isIdempotentMethod,
  parseRetryAfter,
  type RetryCall,
  type RetryOutcome,
  resolveRetryOptions,
  responseAttempts,
} from "./retry.js";

const ORIGIN = "https://sg.example.com";

useNock();
afterEach(() => {
  vi.useRealTimers();
});

describe("resolveRetryOptions", () => {
  it("applies the defaults", () => {
    expect(resolveRetryOptions(undefined)).toEqual({
      maxAttempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      budget: {},
    });
  });

  it("turns false into a single attempt without a budget", () => {
    expect(resolveRetryOptions(false)).toMatchObject({ maxAttempts: 1, budget: false });
  });

  it("keeps what was given", () => {
    expect(resolveRetryOptions({ maxAttempts: 2, maxDelayMs: 5, budget: false })).toEqual({
      maxAttempts: 2,
      baseDelayMs: 500,
      maxDelayMs: 5,
      budget: false,
    });
  });

  it("refuses nonsense with the setting named", () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(ConfigurationError);
    expect(() => resolveRetryOptions({ maxAttempts: 2.5 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow(ConfigurationError);
    expect(() => resolveRetryOptions({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(ConfigurationError);
    expect(() => resolveRetryOptions({ maxDelayMs: 2 ** 31 })).toThrow(ConfigurationError);
  });
});

/** A fetch whose waits are recorded and skipped, so retries run at once. */
function instantFetch(options: Partial<SourcegraphFetchOptions> = {}) {
  const delays: number[] = [];
  const events: DebugEvent[] = [];
  const fetch = createSourcegraphFetch({
    api: "graphql",
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onDebug: (event) => events.push(event),
    ...options,
  });
  return { fetch, delays, events };
}

/** Replies to GET `path` with `statuses` in turn, then the last one forever, counting calls. */
function replySequence(path: string, statuses: number[], headers: Record<string, string> = {}) {
  const calls = { count: 0 };
  nock(ORIGIN)
    .persist()
    .get(path)
    .reply(() => {
      const status = statuses[Math.min(calls.count, statuses.length - 1)] ?? 500;
      calls.count++;
      return [status, `status ${status}`, headers];
    });
  return calls;
}

describe("retryPolicy", () => {
  it("backs off exponentially with full jitter, in real (fake) time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const calls = replySequence("/x", [503, 503, 503, 200]);
    const fetch = createSourcegraphFetch({ api: "graphql", random: () => 0.5, retry: { budget: false } });
    const pending = fetch(`${ORIGIN}/x`);
    // Ceilings 500, 1000, 2000 at random 0.5: waits of 250, 500 and 1000 ms.
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.count).toBe(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(calls.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.count).toBe(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls.count).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.count).toBe(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.count).toBe(4);
    expect((await pending).status).toBe(200);
  });

  it("uses the injected random for the jitter and caps at maxDelayMs", async () => {
    replySequence("/x", [500]);
    const { fetch, delays } = instantFetch({
      random: () => 0.999,
      retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000, budget: false },
    });
    const response = await fetch(`${ORIGIN}/x`);
    expect(response.status).toBe(500);
    expect(delays).toEqual([99, 199, 399, 799, 999]);
  });

  it.each([408, 429, 500, 502, 503, 504])("retries HTTP %i", async (status) => {
    const calls = replySequence("/x", [status, 200]);
    const { fetch } = instantFetch();
    expect((await fetch(`${ORIGIN}/x`)).status).toBe(200);
    expect(calls.count).toBe(2);
  });

  it.each([400, 401, 403, 404, 409, 501])("does not retry HTTP %i", async (status) => {
    const calls = replySequence("/x", [status, 200]);
    const { fetch } = instantFetch();
    expect((await fetch(`${ORIGIN}/x`)).status).toBe(status);
    expect(calls.count).toBe(1);
  });

  it("returns the last response once attempts run out", async () => {
    const calls = replySequence("/x", [503]);
    const { fetch, events } = instantFetch({ retry: { maxAttempts: 3 } });
    const response = await fetch(`${ORIGIN}/x`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("status 503");
    expect(calls.count).toBe(3);
    expect(events.filter((e) => e.type === "retry")).toMatchObject([
      { attempt: 2, reason: "status 503" },
      { attempt: 3, reason: "status 503" },
    ]);
  });

  it("retries 408, 429, 500, 502, 503 and 504 by default, and exactly the retryableStatuses it is given", async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const calls = replySequence(`/default-${status}`, [status, 200]);
      const { fetch } = instantFetch();
      expect((await fetch(`${ORIGIN}/default-${status}`)).status).toBe(200);
      expect(calls.count).toBe(2);
    }
    const { fetch } = instantFetch({ retryableStatuses: [429, 503] });
    const refused = replySequence("/narrow-500", [500, 200]);
    expect((await fetch(`${ORIGIN}/narrow-500`)).status).toBe(500);
    expect(refused.count).toBe(1);
    const taken = replySequence("/narrow-503", [503, 200]);
    expect((await fetch(`${ORIGIN}/narrow-503`)).status).toBe(200);
    expect(taken.count).toBe(2);
  });

  it("waits exactly Retry-After seconds on a 429", async () => {
    replySequence("/x", [429, 200], { "Retry-After": "7" });
    const { fetch, delays } = instantFetch();
    expect((await fetch(`${ORIGIN}/x`)).status).toBe(200);
    expect(delays).toEqual([7000]);
  });

  it("waits until a Retry-After HTTP date on a 503", async () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    replySequence("/x", [503, 200], { "Retry-After": "Sun, 01 Mar 2026 12:00:12 GMT" });
    const { fetch, delays } = instantFetch({ now: () => now });
    expect((await fetch(`${ORIGIN}/x`)).status).toBe(200);
    expect(delays).toEqual([12_000]);
  });

  it("does not retry when Retry-After exceeds maxDelayMs, and says why", async () => {
    const calls = replySequence("/x", [429, 200], { "Retry-After": "3600" });
    const { fetch, delays, events } = instantFetch();
    const response = await fetch(`${ORIGIN}/x`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3600");
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "retry-skipped", reason: "retry-after-too-long", delayMs: 3_600_000 }),
    );
  });

  it("falls back to the backoff when Retry-After is garbage", async () => {
    replySequence("/x", [503, 200], { "Retry-After": "later" });
    const { fetch, delays } = instantFetch();
    await fetch(`${ORIGIN}/x`);
    expect(delays).toEqual([250]);
  });

  it("does not retry a POST", async () => {
    let calls = 0;
    nock(ORIGIN)
      .persist()
      .post("/graphql")
      .reply(() => [++calls < 2 ? 503 : 200, ""]);
    const { fetch } = instantFetch();
    const response = await fetch(`${ORIGIN}/graphql`, { method: "POST", body: '{"query":"{x}"}' });
    expect(response.status).toBe(503);
    expect(calls).toBe(1);
  });

  it("retries a POST marked idempotent, with the same body", async () => {
    const bodies: string[] = [];
    let calls = 0;
    nock(ORIGIN)
      .persist()
      .post("/graphql")
      // nock 15 hands reply functions the fetch Request.
      .reply(async (request: Request) => {
        bodies.push(await request.text());
        return [++calls < 3 ? 502 : 200, "{}"];
      });
    const { fetch } = instantFetch();
    const response = await fetch(`${ORIGIN}/graphql`, {
      method: "POST",
      body: '{"query":"{x}"}',
      idempotent: true,
    });
    expect(response.status).toBe(200);
    expect(bodies).toEqual(Array(3).fill('{"query":"{x}"}'));
  });

  it("does not retry a GET marked not idempotent, nor what isIdempotent refuses", async () => {
    const calls = replySequence("/x", [503]);
    const { fetch } = instantFetch();
    expect((await fetch(`${ORIGIN}/x`, { idempotent: false })).status).toBe(503);
    const { fetch: strict } = instantFetch({ isIdempotent: () => false });
    expect((await strict(`${ORIGIN}/x`)).status).toBe(503);
    expect(calls.count).toBe(2);
  });

  it("retries a network error, then throws a NetworkError", async () => {
    let calls = 0;
    nock(ORIGIN)
      .persist()
      .get("/x")
      .reply(() => {
        calls++;
        throw Object.assign(new Error("connect ECONNREFUSED 203.0.113.7:443"), { code: "ECONNREFUSED" });
      });
    const { fetch, events } = instantFetch();
    const error = await fetch(`${ORIGIN}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toContain("ECONNREFUSED");
    expect((error as NetworkError).isRetryable).toBe(true);
    expect(calls).toBe(4);
    expect(events.filter((e) => e.type === "retry").map((e) => (e as { reason: string }).reason)).toEqual(
      Array(3).fill("NetworkError"),
    );
  });

  it("recovers when the network comes back", async () => {
    nock(ORIGIN).get("/x").replyWithError(new Error("socket hang up"));
    nock(ORIGIN).get("/x").reply(200, "ok");
    const { fetch } = instantFetch();
    expect(await (await fetch(`${ORIGIN}/x`)).text()).toBe("ok");
  });

  it("caps retries with the shared budget when the server fails every request", async () => {
    const calls = replySequence("/x", [503]);
    const { fetch, events } = instantFetch({ now: () => 1_000_000, retry: { maxAttempts: 4 } });
    const requests = 100;
    for (let i = 0; i < requests; i++) expect((await fetch(`${ORIGIN}/x`)).status).toBe(503);
    // The budget's defaults: a floor of 1 retry/s over 10 s, plus 10% of the requests.
    const bound = requests + 10 + 0.1 * requests;
    expect(calls.count).toBeLessThanOrEqual(bound);
    expect(calls.count).toBeGreaterThan(requests);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "retry-skipped", reason: "retry-budget-exhausted" }),
    );
  });

  it("shares a budget passed in across fetches", async () => {
    const calls = replySequence("/x", [503]);
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 0.2, now: () => 0 });
    const { fetch: a } = instantFetch({ retry: { budget } });
    const { fetch: b } = instantFetch({ retry: { budget } });
    await a(`${ORIGIN}/x`);
    await b(`${ORIGIN}/x`);
    // Two retries in all: a takes both, b gets none.
    expect(calls.count).toBe(4);
  });

  it("retries without limit from a budget when the budget is off", async () => {
    const calls = replySequence("/x", [503]);
    const { fetch } = instantFetch({ now: () => 0, retry: { budget: false } });
    for (let i = 0; i < 20; i++) await fetch(`${ORIGIN}/x`);
    expect(calls.count).toBe(80);
  });

  it("makes a single attempt with retry: false", async () => {
    const calls = replySequence("/x", [503, 200]);
    const { fetch } = instantFetch({ retry: false });
    expect((await fetch(`${ORIGIN}/x`)).status).toBe(503);
    expect(calls.count).toBe(1);
  });

  it("stops waiting and retrying when the caller aborts during a backoff", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const calls = replySequence("/x", [503]);
    const fetch = createSourcegraphFetch({ api: "graphql", random: () => 0.5 });
    const controller = new AbortController();
    const pending = fetch(`${ORIGIN}/x`, { signal: controller.signal });
    const settled = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await settled;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.count).toBe(1);
  });
});

describe("isIdempotentMethod", () => {
  it("says yes to GET, HEAD, OPTIONS, PUT and DELETE, whatever their case", () => {
    for (const method of ["GET", "head", "OPTIONS", "put", "DELETE"])
      expect(isIdempotentMethod(method)).toBe(true);
  });

  it("says no to POST and PATCH", () => {
    for (const method of ["POST", "PATCH", "post"]) expect(isIdempotentMethod(method)).toBe(false);
  });
});

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads an HTTP-date relative to now", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:05 GMT", NOW)).toBe(5000);
  });

  it("gives 0 for a date in the past", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).toBe(0);
  });

  it("gives undefined for garbage, negative or fractional numbers, and absence", () => {
    for (const value of ["soon", "-5", "1.5", "", "   ", null, undefined, "Someday, 99 Foo"]) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
  });
});

/** A shared fetch over a stub that answers each status of `statuses` in turn, then 200. */
function fetchAnswering(statuses: number[]) {
  return createSourcegraphFetch({
    api: "graphql",
    retry: { budget: false },
    sleep: async () => {},
    fetch: async () => new Response("", { status: statuses.shift() ?? 200 }),
  });
}

describe("responseAttempts", () => {
  it("is the attempt that produced the response the retry layer settled on", async () => {
    const response = await fetchAnswering([503, 502])("https://sg.example.com/x");
    expect(response.status).toBe(200);
    expect(responseAttempts(response)).toBe(3);
  });

  it("is 1 for a first attempt's answer, a final one included, and for a response from elsewhere", async () => {
    expect(responseAttempts(await fetchAnswering([])("https://sg.example.com/x"))).toBe(1);
    expect(responseAttempts(await fetchAnswering([404])("https://sg.example.com/x"))).toBe(1);
    expect(responseAttempts(new Response(""))).toBe(1);
  });

  it("counts the attempts of a response that stayed a failure after the last one", async () => {
    const response = await fetchAnswering([503, 503, 503, 503])("https://sg.example.com/x");
    expect(response.status).toBe(503);
    expect(responseAttempts(response)).toBe(4);
  });
});

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

describe("backoffDelay", () => {
  const options = { baseDelayMs: 500, maxDelayMs: 30_000 };

  it("doubles the ceiling for each attempt", () => {
    const delays = [1, 2, 3, 4].map((attempt) =>
      backoffDelay(attempt, { ...options, random: () => 0.999999 }),
    );
    expect(delays).toEqual([499, 999, 1999, 3999]);
  });

  it("jitters over the whole range, down to zero", () => {
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(1000);
  });

  it("never exceeds maxDelayMs, however many attempts", () => {
    expect(backoffDelay(40, { ...options, random: () => 0.999999 })).toBeLessThan(30_000);
    expect(backoffDelay(40, { ...options, random: () => 0.5 })).toBe(15_000);
  });
});

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
