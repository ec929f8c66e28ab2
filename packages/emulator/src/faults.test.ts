import { describe, expect, it } from "vitest";
import { createFaultInjector, type FaultOptions, seededRandom, validateFaultOptions } from "./faults.js";

const run = (options: FaultOptions, methods: string[]) => {
  const injector = createFaultInjector(options);
  return methods.map((method) => injector.decide(method));
};

describe("createFaultInjector", () => {
  it("replays the same decisions for the same seed and calls", () => {
    const options = { seed: 42, rate: 0.5, latencyMs: { fixed: 1, jitter: 20 } };
    const calls = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? "List" : "Create"));
    expect(run(options, calls)).toEqual(run(options, calls));
    expect(run({ ...options, seed: 43 }, calls)).not.toEqual(run(options, calls));
  });

  it("decides each method's calls independently of the others", () => {
    const options = { seed: 7, rate: 0.5 };
    const alone = run(options, Array(50).fill("Create"));
    const interleaved = run(
      options,
      Array.from({ length: 100 }, (_, i) => (i % 2 ? "Create" : "List")),
    ).filter((decision) => decision.method === "Create");
    expect(interleaved).toEqual(alone);
  });

  it("fails about `rate` of the calls, split by the kinds' weights", () => {
    const decisions = run(
      { seed: 1, rate: 0.3, kinds: { unavailable: 3, reset: 1 } },
      Array(20_000).fill("Create"),
    );
    const count = (kind: string | undefined) => decisions.filter((decision) => decision.kind === kind).length;
    expect(count("unavailable") + count("reset")).toBeGreaterThan(5600);
    expect(count("unavailable") + count("reset")).toBeLessThan(6400);
    expect(count("unavailable") / count("reset")).toBeGreaterThan(2.6);
    expect(count("unavailable") / count("reset")).toBeLessThan(3.4);
    expect(count("rateLimited") + count("lostAnswer")).toBe(0);
  });

  it("uses all four kinds by default, and none at rate 0", () => {
    const kinds = new Set(run({ rate: 1 }, Array(200).fill("Create")).map((decision) => decision.kind));
    expect(kinds).toEqual(new Set(["unavailable", "rateLimited", "reset", "lostAnswer"]));
    expect(
      run({ latencyMs: 5 }, Array(100).fill("Create")).every((decision) => decision.kind === undefined),
    ).toBe(true);
  });

  it("adds fixed latency plus 0..jitter ms", () => {
    const latencies = run({ latencyMs: { fixed: 10, jitter: 5 } }, Array(500).fill("Get")).map(
      (d) => d.latencyMs,
    );
    expect(Math.min(...latencies)).toBe(10);
    expect(Math.max(...latencies)).toBe(15);
    expect(run({ latencyMs: 3 }, ["Get"])[0]?.latencyMs).toBe(3);
  });

  it("lets perMethod rules replace the global fields for one method", () => {
    const options: FaultOptions = {
      rate: 1,
      kinds: { unavailable: 1 },
      retryAfterSeconds: 2,
      perMethod: { List: { rate: 0 }, Create: { kinds: { rateLimited: 1 }, retryAfterSeconds: 9 } },
    };
    const [list, create, get] = run(options, ["List", "Create", "Get"]);
    expect(list?.kind).toBeUndefined();
    expect(create).toMatchObject({ kind: "rateLimited", retryAfterSeconds: 9 });
    expect(get).toMatchObject({ kind: "unavailable", retryAfterSeconds: 2 });
  });

  it("logs the faults it injected, and starts over on reset", () => {
    const injector = createFaultInjector({ seed: 3, rate: 0.5 });
    const first = Array.from({ length: 20 }, () => injector.decide("Create"));
    expect(injector.log).toEqual(first.filter((decision) => decision.kind));
    expect(injector.log.map((decision) => decision.call)).toEqual(
      first.filter((decision) => decision.kind).map((decision) => decision.call),
    );
    injector.reset();
    expect(injector.log).toEqual([]);
    expect(Array.from({ length: 20 }, () => injector.decide("Create"))).toEqual(first);
  });
});

describe("seededRandom", () => {
  it("depends only on its inputs", () => {
    expect(seededRandom(42, "Create", 7, "rate")).toBe(seededRandom(42, "Create", 7, "rate"));
    expect(seededRandom(42, "Create", 7, "rate")).not.toBe(seededRandom(43, "Create", 7, "rate"));
    expect(seededRandom(42, "Create", 7, "rate")).not.toBe(seededRandom(42, "Create", 8, "rate"));
    expect(seededRandom(42, "Create", 7, "rate")).not.toBe(seededRandom(42, "Delete", 7, "rate"));
    expect(seededRandom(42, "ab", "c")).not.toBe(seededRandom(42, "a", "bc"));
  });

  it("spreads evenly over [0, 1)", () => {
    const buckets = new Array(10).fill(0);
    for (let call = 0; call < 20_000; call++) {
      const value = seededRandom(1, "Create", call);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      buckets[Math.floor(value * 10)] += 1;
    }
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});

const methods = ["CreateExplicitRepoPermission", "ListExplicitRepoPermissions"];

describe("validateFaultOptions", () => {
  it("accepts the documented shape", () => {
    expect(() =>
      validateFaultOptions(
        {
          seed: 42,
          rate: 0.3,
          kinds: { unavailable: 1, rateLimited: 1, reset: 1, lostAnswer: 1 },
          latencyMs: { fixed: 0, jitter: 0 },
          retryAfterSeconds: 0,
          perMethod: { CreateExplicitRepoPermission: { rate: 1, latencyMs: 5 } },
        },
        methods,
      ),
    ).not.toThrow();
  });

  it.each([
    [{ rate: 1.5 }, "faults.rate: must be a number from 0 to 1, got 1.5"],
    [{ rate: -0.1 }, "faults.rate: must be a number from 0 to 1, got -0.1"],
    [{ seed: 1.5 }, "faults.seed: must be an integer, got 1.5"],
    [
      { kinds: { crash: 1 } },
      "faults.kinds.crash: is not a fault kind (known: unavailable, rateLimited, reset, lostAnswer)",
    ],
    [{ kinds: { reset: -1 } }, "faults.kinds.reset: must be a weight >= 0, got -1"],
    [{ rate: 0.5, kinds: { reset: 0 } }, "faults.kinds: must give at least one kind a positive weight"],
    [{ latencyMs: -1 }, "faults.latencyMs: must be a number of milliseconds >= 0, got -1"],
    [
      { latencyMs: { jitter: Number.NaN } },
      "faults.latencyMs.jitter: must be a number of milliseconds >= 0, got NaN",
    ],
    [{ retryAfterSeconds: 1.5 }, "faults.retryAfterSeconds: must be a whole number of seconds >= 0, got 1.5"],
    [
      { perMethod: { CreateExplicitRepoPermision: { rate: 1 } } },
      "faults.perMethod.CreateExplicitRepoPermision: is not a method (known: CreateExplicitRepoPermission, ListExplicitRepoPermissions)",
    ],
    [
      { perMethod: { ListExplicitRepoPermissions: { rate: 2 } } },
      "faults.perMethod.ListExplicitRepoPermissions.rate: must be a number from 0 to 1, got 2",
    ],
  ])("refuses %j", (options, message) => {
    expect(() => validateFaultOptions(options as FaultOptions, methods)).toThrow(new RangeError(message));
  });
});
