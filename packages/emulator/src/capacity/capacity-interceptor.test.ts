import { describe, expect, it } from "vitest";
import { sampleSeed } from "../seed/sample-seed.js";
import { callApi } from "../test-support/call-api.js";
import { useEmulator } from "../test-support/use-emulator.js";

// Real loopback calls. Timing assertions are lower bounds only (a service time is a minimum, so they cannot be
// flaky); exact queue behaviour is tested with fake timers in create-capacity-limiter.test.ts.
const start = useEmulator();
const list = { parent: "repositories/101" };

describe("the capacity model over HTTP", () => {
  it("queues calls past capacity, so their latency rises with the queue", async () => {
    const emulator = await start({
      seed: sampleSeed(),
      capacity: { workers: 1, serviceMs: 60, queueTimeoutMs: 5000 },
    });
    const started = performance.now();
    const answers = await Promise.all(
      [1, 2, 3].map(() => callApi(emulator, "ListExplicitRepoPermissions", list)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(175);
    expect(emulator.capacityStats()).toEqual({
      workers: 1,
      busy: 0,
      queued: 0,
      maxQueued: 2,
      served: 3,
      rejected: 0,
    });
  });

  it("then fails calls that cannot get a worker before the queue deadline with unavailable (503)", async () => {
    const emulator = await start({
      seed: sampleSeed(),
      capacity: { workers: 1, serviceMs: 400, queueTimeoutMs: 20 },
    });
    const answers = await Promise.all(
      [1, 2, 3].map(() => callApi(emulator, "ListExplicitRepoPermissions", list)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 503, 503]);
    expect(answers.filter((answer) => answer.status === 503).map((answer) => answer.body)).toEqual([
      { code: "unavailable", message: "server over capacity: no worker became free within 20 ms" },
      { code: "unavailable", message: "server over capacity: no worker became free within 20 ms" },
    ]);
    expect(emulator.capacityStats()).toMatchObject({ served: 1, rejected: 2 });
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(3);
  });

  it("charges List calls per row returned", async () => {
    const emulator = await start({ seed: sampleSeed(), capacity: { workers: 4, perRowMs: 100 } });
    const started = performance.now();
    // Two rows: repository 101 has alice and bob.
    expect((await callApi(emulator, "ListExplicitRepoPermissions", list)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it("is off by default", async () => {
    const emulator = await start();
    expect(emulator.capacityStats()).toBeUndefined();
  });
});
