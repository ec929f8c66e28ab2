import { createRetryBudget } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { type CallSlots, createCallSlots } from "./concurrency.js";
import { type CallContext, createResilience, OutageError, type ResilienceInternals } from "./resilience.js";

/** Slots of a fixed size that count what runs in them. */
function countingSlots(limit = 64): CallSlots & { inFlight: number; maxInFlight: number } {
  const slots = {
    limit,
    inFlight: 0,
    maxInFlight: 0,
    async run<T>(call: () => Promise<T>): Promise<T> {
      slots.inFlight += 1;
      slots.maxInFlight = Math.max(slots.maxInFlight, slots.inFlight);
      try {
        return await call();
      } finally {
        slots.inFlight -= 1;
      }
    },
  };
  return slots;
}

const FAST: ResilienceInternals = { baseDelayMs: 2, maxDelayMs: 20 };
const API = "http://sg.test/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions";
const GRAPHQL = "http://sg.test/.api/graphql";

/** A network failure as undici reports one. */
function reset(): TypeError {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
  });
}

/** A fetch answering from `answer(n)` for its n-th request (from 1). */
function scripted(answer: (n: number, url: string) => Response | Error | Promise<Response>): typeof fetch & {
  calls: number;
} {
  const fake = Object.assign(
    async (input: Parameters<typeof fetch>[0]) => {
      fake.calls += 1;
      const result = await answer(fake.calls, String(input));
      if (result instanceof Error) throw result;
      return result;
    },
    { calls: 0 },
  );
  return fake as typeof fetch & { calls: number };
}

const ok = () => new Response("{}", { status: 200 });
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response("", { status: code, headers });

describe("createResilience", () => {
  it("retries transient failures (503, 429, a reset, 502, 504, 408) until the call succeeds", async () => {
    const failures = [status(503), status(429), reset(), status(502), status(504), status(408)];
    const inner = scripted((n) => failures[n - 1] ?? ok());
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    const response = await resilience.wrap(inner)(API, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    expect(inner.calls).toBe(7);
    expect(resilience.stats()).toMatchObject({ attempts: 7, retries: 6 });
    expect(resilience.stats().failures).toMatchObject({
      "HTTP 503": 1,
      "connection closed without an answer": 1,
    });
  });

  it("hands non-transient answers to the caller at once: 400, 401, 403, 404, 409, and Connect's 500", async () => {
    for (const code of [400, 401, 403, 404, 409, 500]) {
      const inner = scripted(() => status(code));
      const resilience = createResilience({ slots: countingSlots(), internal: FAST });
      expect((await resilience.wrap(inner)(API, { method: "POST", body: "{}" })).status).toBe(code);
      expect(inner.calls, `HTTP ${code}`).toBe(1);
    }
  });

  it("retries GraphQL's 500", async () => {
    const inner = scripted((n) => (n === 1 ? status(500) : ok()));
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    expect((await resilience.wrap(inner)(GRAPHQL, { method: "POST", body: "{}" })).status).toBe(200);
    expect(inner.calls).toBe(2);
  });

  it("waits at least the Retry-After the server asked for", async () => {
    const sent: number[] = [];
    const inner = scripted((n) => {
      sent.push(performance.now());
      return n === 1 ? status(429, { "retry-after": "1" }) : ok();
    });
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    await resilience.wrap(inner)(API, { method: "POST", body: "{}" });
    expect((sent[1] as number) - (sent[0] as number)).toBeGreaterThanOrEqual(990);
  });

  it("times an attempt out and retries it", async () => {
    const inner = scripted((n, _url) =>
      n === 1
        ? new Promise<Response>(() => {}) // never answers; the attempt's timeout ends it
        : ok(),
    );
    // The fake ignores the signal, as a hung server would: the attempt must end all the same.
    const resilience = createResilience({
      slots: countingSlots(),
      internal: { ...FAST, attemptTimeoutMs: 50 },
    });
    const hung = scripted((n) => (n === 1 ? new Promise<Response>(() => {}) : ok()));
    const wrapped = resilience.wrap(async (input, init) => {
      const answer = hung(input, init);
      return await Promise.race([
        answer,
        new Promise<never>((_, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason), { once: true }),
        ),
      ]);
    });
    expect((await wrapped(API, { method: "POST", body: "{}" })).status).toBe(200);
    expect(hung.calls).toBe(2);
    expect(Object.keys(resilience.stats().failures)[0]).toMatch(/^no answer within/);
    expect(inner.calls).toBe(0);
  });

  it("waits for retry budget instead of failing the call", async () => {
    // A budget with room for one retry a second, and none in the first 10 s beyond that.
    let clock = 0;
    const budget = createRetryBudget({
      ratio: 0,
      minRetriesPerSecond: 0.1,
      windowMs: 10_000,
      now: () => clock,
    });
    expect(budget.tryAcquireRetry()).toBe(true); // spends the only retry of the window
    const inner = scripted((n) => {
      if (n === 2) clock += 20_000; // the window moves on while the call waits
      return n <= 2 ? status(503) : ok();
    });
    const resilience = createResilience({ slots: countingSlots(), internal: { ...FAST, budget } });
    const answer = resilience.wrap(inner);
    const first = answer(API, { method: "POST", body: "{}" });
    // The first retry waits for budget: time passes for the budget only once the second attempt is made.
    const tick = setInterval(() => {
      clock += 2_000;
    }, 5);
    try {
      expect((await first).status).toBe(200);
    } finally {
      clearInterval(tick);
    }
    expect(resilience.stats().budgetWaits).toBeGreaterThan(0);
  });

  it("sends a body that cannot be replayed once, and hands its failure on", async () => {
    const inner = scripted(() => status(503));
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    const body = new ReadableStream({
      start(controller) {
        controller.close();
      },
    });
    const response = await resilience.wrap(inner)(API, {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(503);
    expect(inner.calls).toBe(1);
  });

  it("fails one call that keeps failing while other calls succeed, with the server's own answer", async () => {
    const inner = scripted((_, url) => (url.endsWith("/bad") ? status(502) : ok()));
    const resilience = createResilience({
      slots: countingSlots(),
      internal: { ...FAST, maxCallFailures: 3 },
    });
    const wrapped = resilience.wrap(inner);
    let others = true;
    const background = (async () => {
      while (others) {
        await wrapped(`${API}/good`, { method: "POST", body: "{}" });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const response = await wrapped(`${API}/bad`, { method: "POST", body: "{}" });
    others = false;
    await background;
    expect(response.status).toBe(502);
    expect(resilience.failure()).toBeUndefined();
  });

  it("throws what is not the network's failure (a bug, a refusal to send) at once", async () => {
    const inner = scripted(() => new Error("a bug"));
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    await expect(resilience.wrap(inner)(API, { method: "POST", body: "{}" })).rejects.toThrow("a bug");
    expect(inner.calls).toBe(1);
  });

  it("never retries after the caller's abort", async () => {
    const controller = new AbortController();
    const inner = scripted(() => {
      controller.abort(new Error("caller gave up"));
      return status(503);
    });
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    await expect(
      resilience.wrap(inner)(API, { method: "POST", body: "{}", signal: controller.signal }),
    ).rejects.toThrow("caller gave up");
    expect(inner.calls).toBe(1);
  });

  it("pauses when nothing succeeds: one probe at a time, the other calls waiting, and resumes on its own", async () => {
    let down = false;
    let paused = false;
    /** Attempts started once the pause began, in flight, and the most of them at once. */
    let probesInFlight = 0;
    let maxProbesInFlight = 0;
    let probes = 0;
    const inner = scripted(async () => {
      if (!down) return ok();
      // Attempts that started before the pause may still be in flight: only those started after it count.
      const probe = paused;
      if (probe) {
        probes += 1;
        probesInFlight += 1;
        maxProbesInFlight = Math.max(maxProbesInFlight, probesInFlight);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (probe) probesInFlight -= 1;
      return status(503, { "retry-after": "0" });
    });
    const statuses: boolean[] = [];
    const resilience = createResilience({
      slots: countingSlots(),
      internal: { ...FAST, outageAfterFailures: 8 },
    });
    resilience.onStatus = (state) => {
      statuses.push(state.waiting !== undefined);
      paused = state.waiting !== undefined;
    };
    const wrapped = resilience.wrap(inner);
    await wrapped(API, { method: "POST", body: "{}" });
    down = true;
    const calls = Array.from({ length: 20 }, () => wrapped(API, { method: "POST", body: "{}" }));
    // Once paused, attempts come one at a time.
    await until(() => probes >= 3);
    expect(maxProbesInFlight).toBe(1);
    expect(resilience.status().waiting?.failing).toContain("HTTP 503");
    down = false;
    const answers = await Promise.all(calls);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(resilience.status().waiting).toBeUndefined();
    expect(resilience.stats().waits).toBe(1);
    expect(resilience.stats().waitedMs).toBeGreaterThan(0);
    expect(statuses).toEqual([true, false]);
    expect(resilience.failure()).toBeUndefined();
  });

  it("gives up after --max-outage without a success, failing every waiting and later call plainly", async () => {
    let down = false;
    const inner = scripted(() => (down ? reset() : ok()));
    const resilience = createResilience({
      slots: countingSlots(),
      maxOutageMs: 300,
      internal: { ...FAST, outageAfterFailures: 3 },
    });
    const wrapped = resilience.wrap(inner);
    await wrapped(API, { method: "POST", body: "{}" });
    down = true;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => wrapped(API, { method: "POST", body: "{}" })),
    );
    for (const result of results) {
      expect(result.status).toBe("rejected");
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(OutageError);
    }
    const failure = resilience.failure() as OutageError;
    expect(failure.reached).toBe(true);
    expect(failure.message).toMatch(
      /^no call has succeeded for \d+ ms \(since \d\d:\d\d:\d\d UTC; --max-outage is 300 ms\): connection closed without an answer ×\d+: \d+ attempts in a row/,
    );
    await expect(wrapped(API, { method: "POST", body: "{}" })).rejects.toBe(failure);
    expect(resilience.stats().waits).toBe(1);
  });

  it("calls a server that never answered unreachable after a few attempts", async () => {
    const inner = scripted(() =>
      Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }),
    );
    const resilience = createResilience({
      slots: countingSlots(),
      internal: { ...FAST, firstContactAttempts: 4 },
    });
    const error = await resilience
      .wrap(inner)(API, { method: "POST", body: "{}" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutageError);
    expect((error as OutageError).reached).toBe(false);
    expect((error as OutageError).message).toContain("connection refused ×4");
    expect(inner.calls).toBe(4);
    expect(resilience.reached()).toBe(false);
  });

  it("gives up on a server that only ever answered 503 after --max-outage, not after a few attempts", async () => {
    const inner = scripted(() => status(503));
    const resilience = createResilience({
      slots: countingSlots(),
      maxOutageMs: 200,
      internal: { ...FAST, outageAfterFailures: 3, firstContactAttempts: 3 },
    });
    const error = await resilience
      .wrap(inner)(API, { method: "POST", body: "{}" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutageError);
    expect((error as OutageError).reached).toBe(false);
    expect((error as OutageError).message).toMatch(
      /^no call has succeeded in \d+ ms \(since \d\d:\d\d:\d\d UTC; --max-outage is 200 ms\): HTTP 503 ×\d+/,
    );
    expect(inner.calls).toBeGreaterThan(3);
  });

  it("ends a call's wait when its context stops, and says so", async () => {
    let down = false;
    const inner = scripted(() => (down ? status(503) : ok()));
    const resilience = createResilience({
      slots: countingSlots(),
      internal: { ...FAST, outageAfterFailures: 2, baseDelayMs: 5_000, maxDelayMs: 60_000 },
    });
    const wrapped = resilience.wrap(inner);
    await wrapped(API, { method: "POST", body: "{}" });
    down = true;
    const stop = new AbortController();
    const call: CallContext = { stop: stop.signal, attempts: 0, stopped: false };
    const pending = resilience.within(call, () => wrapped(API, { method: "POST", body: "{}" }));
    await until(() => call.attempts >= 1);
    stop.abort(new Error("stopping"));
    await expect(pending).rejects.toThrow("stopping");
    expect(call.stopped).toBe(true);
  });

  it("counts a call's attempts in its context, so a retried write can be told apart", async () => {
    const inner = scripted((n) => (n === 1 ? reset() : status(409)));
    const resilience = createResilience({ slots: countingSlots(), internal: FAST });
    const call: CallContext = { attempts: 0, stopped: false };
    const response = await resilience.within(call, () =>
      resilience.wrap(inner)(API, { method: "POST", body: "{}" }),
    );
    expect(response.status).toBe(409);
    expect(call.attempts).toBe(2);
  });

  it("runs each attempt in a slot and waits between attempts outside it", async () => {
    // One slot: a call that waits out a backoff holding it would keep every other call out.
    const slots = createCallSlots({ ceiling: 1, adaptive: false });
    const inner = scripted((_, url) => (url.endsWith("/first") && inner.calls === 1 ? status(503) : ok()));
    const resilience = createResilience({
      slots,
      internal: { ...FAST, baseDelayMs: 1000, random: () => 0.99 },
    });
    const wrapped = resilience.wrap(inner);
    const order: string[] = [];
    const first = wrapped(`${API}/first`, { method: "POST", body: "{}" }).then(() => order.push("first"));
    await until(() => inner.calls === 1);
    await wrapped(`${API}/second`, { method: "POST", body: "{}" }).then(() => order.push("second"));
    await first;
    expect(order).toEqual(["second", "first"]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
}
