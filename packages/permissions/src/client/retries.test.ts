import { Code, ConnectError } from "@connectrpc/connect";
import {
  createConnection,
  createRetryBudget,
  type DebugEvent,
  RateLimitedError,
  SourcegraphError,
} from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { statePairs } from "../../test/support/emulator.js";
import {
  type FaultRule,
  type SampleInstance,
  sampleEmulator,
  TOKEN,
  type WireFault,
  wire,
} from "../../test/support/sample-emulator.js";
import { createPermissionsClient, type PermissionsClientOptions } from "./create-permissions-client.js";

/** A client of the emulator whose waits are recorded and skipped, with `fault` on the wire between them. */
async function setup(
  instance: SampleInstance & { fault?: FaultRule } = {},
  options: Partial<PermissionsClientOptions> = {},
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>,
) {
  const { fault, ...seed } = instance;
  const emulator = await sampleEmulator(seed);
  const server = wire(emulator, fault);
  const delays: number[] = [];
  const events: DebugEvent[] = [];
  const client = createPermissionsClient({
    endpoint: emulator.url,
    fetch: server.fetch,
    token: TOKEN,
    retry: { budget: false },
    internal: {
      random: () => 0.5,
      now: () => 0,
      sleep:
        sleep ??
        (async (ms) => {
          delays.push(ms);
        }),
    },
    onDebug: (event) => events.push(event),
    ...options,
  });
  return { emulator, server, client, delays, events };
}

/** Fails the first `count` calls with `error`, and lets the rest through. */
function failFirst(count: number, error: () => ConnectError): FaultRule {
  return (_call, index) => (index <= count ? { error: error() } : undefined);
}

const NAME = "repositories/123/explicitRepoPermissions/456";

describe("retries", () => {
  it.each([
    ["unavailable", Code.Unavailable, 503],
    ["resource_exhausted", Code.ResourceExhausted, 429],
    ["deadline_exceeded", Code.DeadlineExceeded, 504],
  ])("retries %s with full-jitter backoff, and says so in debug events", async (_, code, status) => {
    const { client, server, delays, events, emulator } = await setup({
      fault: failFirst(3, () => new ConnectError("busy", code)),
    });
    await expect(client.get(NAME)).resolves.toMatchObject({ user: "users/456" });
    expect(server.calls).toHaveLength(4);
    // Ceilings 500, 1000, 2000 ms at random 0.5.
    expect(delays).toEqual([250, 500, 1000]);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      {
        type: "retry",
        method: "POST",
        url: `${emulator.url}/api/explicitrepopermissions.v1.Service/GetExplicitRepoPermission`,
        attempt: 2,
        delayMs: 250,
        reason: `status ${status}`,
      },
      expect.objectContaining({ attempt: 3 }),
      expect.objectContaining({ attempt: 4 }),
    ]);
  });

  it.each([
    Code.InvalidArgument,
    Code.PermissionDenied,
    Code.Unauthenticated,
    Code.NotFound,
    Code.FailedPrecondition,
    Code.Internal,
    Code.Aborted,
    Code.Unknown,
  ])("does not retry code %i", async (code) => {
    const { client, server } = await setup({ fault: failFirst(1, () => new ConnectError("no", code)) });
    await expect(client.get(NAME)).rejects.toBeInstanceOf(SourcegraphError);
    expect(server.calls).toHaveLength(1);
  });

  it("gives up after maxAttempts with the last error, mapped", async () => {
    const { client, server } = await setup(
      { fault: failFirst(99, () => new ConnectError("down", Code.Unavailable)) },
      { retry: { maxAttempts: 3, budget: false } },
    );
    const error = await client.get(NAME).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unavailable", isRetryable: true, status: 503 });
    expect(server.calls).toHaveLength(3);
  });

  it("makes a single attempt with retry: false", async () => {
    const { client, server } = await setup(
      { fault: failFirst(1, () => new ConnectError("down", Code.Unavailable)) },
      { retry: false },
    );
    await expect(client.get(NAME)).rejects.toMatchObject({ code: "unavailable" });
    expect(server.calls).toHaveLength(1);
  });

  it("waits exactly the Retry-After of the answer", async () => {
    const { client, delays } = await setup({
      fault: failFirst(
        2,
        () => new ConnectError("slow down", Code.ResourceExhausted, { "retry-after": "3" }),
      ),
    });
    await client.get(NAME);
    expect(delays).toEqual([3000, 3000]);
  });

  it("returns a RateLimitedError with retryAfterMs instead of waiting longer than maxDelayMs", async () => {
    const { client, server, delays, events } = await setup(
      {
        fault: failFirst(
          1,
          () => new ConnectError("later", Code.ResourceExhausted, { "retry-after": "120" }),
        ),
      },
      { retry: { maxDelayMs: 10_000, budget: false } },
    );
    const error = await client.get(NAME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(server.calls).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: "retry-skipped",
      reason: "retry-after-too-long",
      delayMs: 120_000,
    });
  });

  it("spends one retry budget across calls, which may be shared between clients", async () => {
    // No ratio and a floor of 0.2/s over 10 s: two retries in all.
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 0.2, now: () => 0 });
    const { client, server, events } = await setup(
      { fault: () => ({ error: new ConnectError("down", Code.Unavailable) }) },
      { retry: { maxAttempts: 5, budget } },
    );
    await expect(client.get(NAME)).rejects.toMatchObject({ code: "unavailable" });
    await expect(client.get(NAME)).rejects.toMatchObject({ code: "unavailable" });
    expect(server.calls).toHaveLength(2 + 2);
    expect(
      events.filter((e) => e.type === "retry-skipped").map((e) => (e as { reason: string }).reason),
    ).toEqual(["retry-budget-exhausted", "retry-budget-exhausted"]);
  });

  it("spends the retry budget of its Connection, shared by every client made from it", async () => {
    const emulator = await sampleEmulator();
    const server = wire(emulator, () => ({ error: new ConnectError("down", Code.Unavailable) }));
    const connection = createConnection({
      endpoint: emulator.url,
      token: TOKEN,
      fetch: server.fetch,
      // No ratio and a floor of 0.2/s over 10 s: two retries in all.
      retry: { maxAttempts: 5, budget: { ratio: 0, minRetriesPerSecond: 0.2 } },
      internal: { now: () => 0, sleep: async () => {} },
    });
    const first = createPermissionsClient(connection);
    const second = createPermissionsClient(connection);
    await expect(first.get(NAME)).rejects.toMatchObject({ code: "unavailable" });
    await expect(second.get(NAME)).rejects.toMatchObject({ code: "unavailable" });
    expect(server.calls).toHaveLength(2 + 2);
  });

  it("an abort during a wait ends the call with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const { client, server } = await setup(
      { fault: failFirst(9, () => new ConnectError("down", Code.Unavailable)) },
      {},
      async () => {
        controller.abort(reason);
        throw reason;
      },
    );
    await expect(client.get(NAME, { signal: controller.signal })).rejects.toBe(reason);
    expect(server.calls).toHaveLength(1);
  });
});

describe("retried writes converge (lost answers)", () => {
  /** Every write's first attempt is applied, then its answer is lost as `unavailable`. */
  function losingFirstAnswers(): FaultRule {
    const seen = new Set<string>();
    return (call): WireFault | undefined => {
      const key = `${call.method} ${JSON.stringify(call.request)}`;
      if (call.method.startsWith("Get") || call.method.startsWith("List") || seen.has(key)) return undefined;
      seen.add(key);
      return { error: new ConnectError("upstream connect error", Code.Unavailable), when: "after" };
    };
  }

  it("grant and revoke reach the exact state, reading already_exists and not_found after a retry as done", async () => {
    const { client, server, emulator } = await setup({ fault: losingFirstAnswers() });
    await expect(client.grant(123, "@bob")).resolves.toEqual({
      outcome: "present-after-retry",
      changed: false,
      permission: undefined,
    });
    expect(statePairs(emulator)).toEqual([
      "repositories/123/explicitRepoPermissions/456",
      "repositories/123/explicitRepoPermissions/457",
    ]);
    await expect(client.revoke(123, "@alice")).resolves.toEqual({
      outcome: "absent-after-retry",
      changed: false,
    });
    expect(statePairs(emulator)).toEqual(["repositories/123/explicitRepoPermissions/457"]);
    expect(server.calls.map((c) => c.method)).toEqual([
      "CreateExplicitRepoPermission",
      "CreateExplicitRepoPermission",
      "DeleteExplicitRepoPermission",
      "DeleteExplicitRepoPermission",
    ]);
  });

  it("plain create reports the already_exists of its retry, saying it was retried", async () => {
    const { client } = await setup({ fault: losingFirstAnswers() });
    const error = await client.create({ repository: 123, user: "@bob" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "already_exists", attempts: 2 });
    expect((error as Error).message).toContain("retried (2 attempts)");
  });

  it("under many lost answers and 503s, a batch of grants and revokes ends in the exact state", async () => {
    let n = 0;
    // Deterministic 'noise': every third call fails, alternately before or after applying.
    const fault: FaultRule = (call) => {
      n++;
      if (n % 3 !== 0) return undefined;
      return {
        error: new ConnectError("flaky", Code.Unavailable),
        when: call.method.startsWith("Create") || n % 2 ? "after" : "before",
      };
    };
    const users = Array.from({ length: 20 }, (_, i) => ({ id: 1000 + i, username: `u${i}` }));
    const { client, emulator } = await setup(
      { users, permissions: users.slice(10).map((u) => ({ repository: 123, user: u.id })), fault },
      { retry: { maxAttempts: 12, budget: false } },
    );
    for (const user of users.slice(0, 10)) await client.grant(123, `@${user.username}`);
    for (const user of users.slice(10, 15)) await client.revoke(123, user.id);
    expect(statePairs(emulator)).toEqual(
      [...users.slice(0, 10), ...users.slice(15)].map(
        (u) => `repositories/123/explicitRepoPermissions/${u.id}`,
      ),
    );
  });
});
