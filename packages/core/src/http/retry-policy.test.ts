import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/use-nock.js";
import { NetworkError } from "../errors/network-error.js";
import { createSourcegraphFetch, type SourcegraphFetchOptions } from "./create-sourcegraph-fetch.js";
import type { DebugEvent } from "./debug-event.js";
import { createRetryBudget } from "./retry-budget.js";

const ORIGIN = "https://sg.example.com";

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

useNock();
afterEach(() => {
  vi.useRealTimers();
});

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
