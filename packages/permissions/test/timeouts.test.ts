// Time over real HTTP: per-attempt timeouts against injected latency, the caller's abort, a Retry-After too long
// to wait for, and the debug events of retried calls. No nock in this file.
import { type DebugEvent, RateLimitedError, TimeoutError } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BULK_USERS,
  clientFor,
  OTHER_REPO,
  REPO,
  startTestEmulator,
  statePairs,
} from "./support/emulator.js";

describe("per-attempt timeouts", () => {
  it("are retried, and grant/revoke still converge when a timed-out write was applied anyway", async () => {
    // Half the calls take longer than the client waits: a timed-out attempt may still be applied by the server,
    // which is the lost answer again, seen from the client's side.
    // (Scaled so that a busy machine's own delay does not make every attempt time out.)
    const emulator = await startTestEmulator({ faults: { seed: 11, latencyMs: { fixed: 0, jitter: 1000 } } });
    const events: DebugEvent[] = [];
    const client = clientFor(emulator, "admin", {
      timeoutMs: 500,
      retry: { maxAttempts: 12, budget: false, baseDelayMs: 1, maxDelayMs: 5 },
      onDebug: (event) => events.push(event),
    });
    const users = BULK_USERS.slice(0, 12);
    for (const user of users) await client.grant(REPO, user);
    for (const user of users.slice(0, 6)) await client.revoke(REPO, user);
    await client.revoke(OTHER_REPO, ALICE);

    expect(events.some((e) => e.type === "retry" && e.reason === "TimeoutError")).toBe(true);
    // Late writes of timed-out attempts land within the longest latency; then the state is exactly the asked one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(statePairs(emulator)).toEqual(
      users
        .slice(6)
        .map((user) => `repositories/${REPO}/explicitRepoPermissions/${user}`)
        .sort(),
    );
  });

  it("end in a TimeoutError when every attempt times out", async () => {
    // The emulator never answers in time; each attempt's timeout is long enough for its request to arrive
    // (and be counted) even on a busy machine.
    const emulator = await startTestEmulator({ faults: { latencyMs: 600_000 } });
    const client = clientFor(emulator, "admin", {
      timeoutMs: 500,
      retry: { maxAttempts: 3, budget: false, baseDelayMs: 1 },
    });
    const error = await client
      .get(`repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`)
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "deadline_exceeded", isRetryable: true });
    expect(emulator.counters.snapshot()).toEqual({ GetExplicitRepoPermission: 3 });
  });
});

describe("the caller's signal", () => {
  it("stops a call in flight with the caller's own reason", async () => {
    const emulator = await startTestEmulator({ faults: { latencyMs: 300 } });
    const client = clientFor(emulator);
    const reason = new Error("the caller gave up");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 20);
    await expect(client.grant(REPO, ALICE, { signal: controller.signal })).rejects.toBe(reason);
    await expect(
      client.listPage({ parent: `repositories/${REPO}` }, { signal: AbortSignal.timeout(20) }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
  });
});

describe("Retry-After", () => {
  it("longer than maxDelayMs is not waited for: a RateLimitedError carries it after one call", async () => {
    const emulator = await startTestEmulator({
      faults: { rate: 1, kinds: { rateLimited: 1 }, retryAfterSeconds: 60 },
    });
    const error = await clientFor(emulator, "admin", { retry: {} })
      .grant(REPO, ALICE)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: "resource_exhausted", status: 429, retryAfterMs: 60_000 });
    expect(emulator.counters.snapshot()).toEqual({ CreateExplicitRepoPermission: 1 });
  });
});

describe("debug events of a retried call", () => {
  // Retries happen in the client's Connect interceptor, above sgkit's fetch; the attempt number must still
  // reach the fetch's request/response events.
  it("number the attempts in request and response events as the retry events do", async () => {
    const emulator = await startTestEmulator({ faults: { seed: 2, rate: 1, kinds: { unavailable: 1 } } });
    const events: DebugEvent[] = [];
    const client = clientFor(emulator, "admin", {
      retry: { maxAttempts: 3, budget: false, baseDelayMs: 1 },
      onDebug: (event) => events.push(event),
    });
    await client.grant(REPO, ALICE).catch(() => {});
    expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(3);
    expect(events.filter((e) => e.type === "retry").map((e) => e.attempt)).toEqual([2, 3]);
    expect(events.filter((e) => e.type === "request").map((e) => e.attempt)).toEqual([1, 2, 3]);
  });
});
