import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { Service } from "@sgkit/contracts/permissions";
import { afterEach, describe, expect, it, vi } from "vitest";
import { callApi } from "../test/support/call-api.js";
import { smallSeed } from "../test/support/small-seed.js";
import { useEmulator } from "../test/support/use-emulator.js";
import { faultInterceptor } from "./fault-answers.js";
import { createFaultInjector, type FaultOptions } from "./faults.js";
import { permissionsRoutes } from "./permissions-api/service.js";
import { loadSeed } from "./seed/load-seed.js";
import type { Emulator } from "./server/start-emulator.js";

const start = useEmulator();
const grantDave = { parent: "repositories/101", explicit_repo_permission: { user: "users/@dave" } };

/** A call's outcome as a client sees it: an HTTP status and Connect code, or a network error. */
async function outcome(emulator: Emulator, method: string, body: unknown): Promise<string> {
  try {
    const answer = await callApi(emulator, method, body);
    return answer.status === 200 ? "200" : `${answer.status} ${String(answer.body.code)}`;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError); // fetch's "fetch failed"
    return "network error";
  }
}

describe("injected faults over HTTP", () => {
  it("answers unavailable (503) without running the method", async () => {
    const emulator = await start({ seed: smallSeed(), faults: { rate: 1, kinds: { unavailable: 1 } } });
    const answer = await callApi(emulator, "CreateExplicitRepoPermission", grantDave);
    expect(answer).toMatchObject({ status: 503, body: { code: "unavailable" } });
    expect(emulator.state.permissions.has(101, 5)).toBe(false);
    expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(1);
  });

  it("answers resource_exhausted (429) with Retry-After in seconds", async () => {
    const emulator = await start({
      seed: smallSeed(),
      faults: { rate: 1, kinds: { rateLimited: 1 }, retryAfterSeconds: 7 },
    });
    const answer = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101" });
    expect(answer).toMatchObject({ status: 429, body: { code: "resource_exhausted" } });
    expect(answer.headers.get("retry-after")).toBe("7");
  });

  it("resets the connection without answering and without running the method", async () => {
    const emulator = await start({ seed: smallSeed(), faults: { rate: 1, kinds: { reset: 1 } } });
    const error = await callApi(emulator, "CreateExplicitRepoPermission", grantDave).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).cause)).toMatch(/other side closed|ECONNRESET|socket/i);
    expect(emulator.state.permissions.has(101, 5)).toBe(false);
  });

  it("loses the answer of a write it applied: a network error, then already_exists on retry", async () => {
    const emulator = await start({
      seed: smallSeed(),
      faults: { perMethod: { CreateExplicitRepoPermission: { rate: 1, kinds: { lostAnswer: 1 } } } },
    });
    await expect(callApi(emulator, "CreateExplicitRepoPermission", grantDave)).rejects.toThrow(TypeError);
    expect(emulator.state.permissions.has(101, 5)).toBe(true);
    expect(emulator.faults?.log).toMatchObject([
      { method: "CreateExplicitRepoPermission", call: 1, kind: "lostAnswer" },
    ]);
    // Other methods are untouched by a per-method rule; the retry's answer is lost too.
    expect(
      await outcome(emulator, "GetExplicitRepoPermission", {
        name: "repositories/101/explicitRepoPermissions/5",
      }),
    ).toBe("200");
    expect(await outcome(emulator, "CreateExplicitRepoPermission", grantDave)).toBe("network error");
    expect(emulator.counters.snapshot()).toEqual({
      CreateExplicitRepoPermission: 2,
      GetExplicitRepoPermission: 1,
    });
  });

  it("replays the same failures with the same seed, and others with another seed", async () => {
    const faults: FaultOptions = { seed: 42, rate: 0.4 };
    const script = async (emulator: Emulator) => {
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const user = `users/${(i % 5) + 1}`;
        outcomes.push(
          i % 3 === 2
            ? await outcome(emulator, "ListExplicitRepoPermissions", { parent: user })
            : await outcome(
                emulator,
                i % 2 ? "DeleteExplicitRepoPermission" : "CreateExplicitRepoPermission",
                i % 2
                  ? { name: `repositories/102/explicitRepoPermissions/${(i % 5) + 1}` }
                  : { parent: "repositories/102", explicit_repo_permission: { user } },
              ),
        );
      }
      return {
        outcomes,
        log: emulator.faults?.log.map(({ method, call, kind }) => ({ method, call, kind })),
        pairs: emulator.state.permissions.pairs(),
      };
    };
    const first = await script(await start({ seed: smallSeed(), faults }));
    const second = await script(await start({ seed: smallSeed(), faults }));
    expect(second).toEqual(first);
    expect(new Set(first.outcomes).size).toBeGreaterThan(2);
    expect(first.log?.length).toBeGreaterThan(0);
    const other = await script(await start({ seed: smallSeed(), faults: { ...faults, seed: 43 } }));
    expect(other.outcomes).not.toEqual(first.outcomes);
  });
});

describe("faultInterceptor latency", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("delays the call by the decided latency before it runs", async () => {
    vi.useFakeTimers({ fakeNodeBuiltins: true });
    const state = loadSeed(smallSeed());
    const injector = createFaultInjector({ latencyMs: { fixed: 100, jitter: 0 } });
    const transport = createRouterTransport(permissionsRoutes(state), {
      router: { interceptors: [faultInterceptor(injector)] },
    });
    const client = createClient(Service, transport);
    let done = false;
    const call = client
      .createExplicitRepoPermission(
        { parent: "repositories/101", explicitRepoPermission: { user: "users/5" } },
        { headers: { Authorization: `Bearer ${state.tokens.byName("admin")?.value}` } },
      )
      .then((answer) => {
        done = true;
        return answer;
      });
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    expect(state.permissions.has(101, 5)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).name).toBe("repositories/101/explicitRepoPermissions/5");
    expect(done).toBe(true);
  });

  it("throws Connect errors that an in-memory client sees with their codes and metadata", async () => {
    const state = loadSeed(smallSeed());
    const transport = createRouterTransport(permissionsRoutes(state), {
      router: {
        interceptors: [
          faultInterceptor(createFaultInjector({ rate: 1, kinds: { rateLimited: 1 }, retryAfterSeconds: 3 })),
        ],
      },
    });
    const error = await createClient(Service, transport)
      .getExplicitRepoPermission(create(Service.method.getExplicitRepoPermission.input, { name: "x" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.ResourceExhausted);
    expect((error as ConnectError).metadata.get("retry-after")).toBe("3");
  });
});
