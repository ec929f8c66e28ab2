// Throughput and latency of `grant` against the emulator on loopback, beside the same calls made with bare
// `fetch` + `JSON.stringify`, at concurrency 1, 8, 32 and 128. Run by `pnpm bench` (node runs this file as is:
// only erasable TypeScript here). Target (issue 3): the client's overhead over bare fetch under 10% at 32.
//
// Method: the emulator runs on a worker thread (capacity model off, no faults), so that its work does not
// share the client's event loop. Every call grants a fresh (repository, user) pair, so every call is a real
// create. After a warm-up of both, each concurrency level runs ROUNDS rounds of N calls for each
// implementation, alternating which goes first (ABBA), so drift (GC, JIT, the OS) hits both alike; calls/s are
// total calls over total time, latencies are pooled over the rounds. The overhead is the median over the rounds
// of each round's time per call over bare fetch's in the same round, with the quartiles of those ratios beside
// it: on a shared machine the speed drifts by more than the budget within seconds, so the rounds are short and
// many, and each is compared only with its neighbour. The CPU time of the client's thread per
// call (`process.threadCpuUsage`, which other processes on the machine do not inflate, unlike wall time) says
// what the client itself costs; the server thread's says which side is the bottleneck.
//
// Two more implementations place the client between the two ends. `protocol` speaks Connect by hand over bare
// fetch with the generated message types: what any client of this Connect API pays before its own features.
// `connect` is connect-web's own transport and generated client with a Bearer interceptor and nothing of
// sgkit's: what the client would cost on connect-web's `createConnectTransport`, which it no longer uses for
// that reason (connect-web aborts every finished call's signal: a `DOMException` and the fetch's abort listeners
// on every call). `timeout` is the client with a 30 s per-attempt timeout, which it has not by default.
//
// The target's verdict needs more rounds than the other levels: the level it is judged at runs --target-rounds,
// and the verdict is read off the 95% confidence interval of the median ratio (order statistics, no assumption
// about the ratios' distribution): met when all of it lies under the target, not met when all of it lies over,
// and otherwise undecided by this run, with the interval printed.
//
// Options: --calls N (per round, default 500), --rounds R (default 24), --target-rounds R (default 96, at the
// target's concurrency), --in-process (emulator on this thread),
// --levels 32 and --impls client (a subset, e.g. to profile one with `node --cpu-prof`).

import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { create, fromJson, toJsonString } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import {
  CreateExplicitRepoPermissionRequestSchema,
  createPermissionsClient,
  ExplicitRepoPermissionSchema,
  type PermissionsClient,
  Service,
} from "@sgkit/permissions";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "500" },
    rounds: { type: "string", default: "24" },
    "target-rounds": { type: "string", default: "96" },
    "in-process": { type: "boolean", default: false },
    levels: { type: "string", default: "1,8,32,128" },
    impls: { type: "string", default: "fetch,protocol,connect,client,timeout" },
  },
});
const CALLS = Number(args.calls);
const ROUNDS = Number(args.rounds);
const LEVELS = args.levels.split(",").map(Number);
const TARGET_ROUNDS = Number(args["target-rounds"]);
const WARMUP = 2000;
const REPOSITORIES = 200;
const TARGET = { concurrency: 32, maxOverhead: 0.1 };
const roundsAt = (concurrency: number) => (concurrency === TARGET.concurrency ? TARGET_ROUNDS : ROUNDS);

type Impl = "fetch" | "protocol" | "connect" | "client" | "timeout";
const IMPL_NAMES: Record<Impl, string> = {
  fetch: "bare fetch",
  protocol: "protocol by hand",
  connect: "connect-web only",
  client: "client.grant",
  timeout: "client, 30 s timeout",
};
const IMPLS = args.impls.split(",") as Impl[];
if (
  IMPLS.some((impl) => !(impl in IMPL_NAMES)) ||
  LEVELS.some((n) => !(n >= 1)) ||
  !(ROUNDS >= 1 && TARGET_ROUNDS >= 1)
) {
  throw new Error(
    "--impls takes fetch, protocol, connect, client and/or timeout, --levels, --rounds and --target-rounds " +
      "whole numbers from 1",
  );
}

// Enough distinct pairs for every call: warm-up plus levels × rounds × implementations × calls.
const pairsNeeded =
  IMPLS.length * WARMUP + LEVELS.reduce((sum, level) => sum + roundsAt(level), 0) * IMPLS.length * CALLS;
const USERS = Math.ceil(pairsNeeded / REPOSITORIES) + 1;

/** The emulator, on a worker thread (default) or on this one. */
interface Server {
  url: string;
  token: string;
  counters(): Promise<{ counters: Record<string, number>; permissions: number }>;
  /** CPU microseconds the server's thread has used; 0 when it shares this thread. */
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  if (args["in-process"]) {
    const { startEmulator } = await import("@sgkit/emulator");
    const emulator = await startEmulator({
      seed: {
        users: [
          { id: 1, username: "admin", siteAdmin: true },
          ...Array.from({ length: USERS }, (_, i) => ({ id: 100 + i, username: `user${100 + i}` })),
        ],
        repositories: Array.from({ length: REPOSITORIES }, (_, i) => ({ id: 1 + i, name: `r${1 + i}` })),
        tokens: [{ name: "bench", user: "admin", scopes: ["externalapi:write"] }],
      },
    });
    return {
      url: emulator.url,
      token: emulator.token("bench"),
      counters: async () => ({
        counters: emulator.counters.snapshot(),
        permissions: emulator.state.permissions.size,
      }),
      cpuUs: async () => 0,
      stop: () => emulator.stop(),
    };
  }
  const worker = new Worker(new URL("./emulator-worker.ts", import.meta.url), {
    workerData: { repositories: REPOSITORIES, users: USERS },
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(message);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const ready = await next("ready");
  return {
    url: ready.url as string,
    token: ready.token as string,
    async counters() {
      const answer = next("counters");
      worker.postMessage({ type: "counters" });
      const message = await answer;
      return {
        counters: message.counters as Record<string, number>,
        permissions: message.permissions as number,
      };
    },
    async cpuUs() {
      const answer = next("cpu");
      worker.postMessage({ type: "cpu" });
      return (await answer).us as number;
    },
    async stop() {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage({ type: "stop" });
      await exited;
    },
  };
}

const server = await startServer();
const procedureUrl = `${server.url}/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission`;
const client: PermissionsClient = createPermissionsClient({ endpoint: server.url, token: server.token });
const clientWithTimeout: PermissionsClient = createPermissionsClient({
  endpoint: server.url,
  token: server.token,
  timeoutMs: 30_000,
});
const connectOnly = createClient(
  Service,
  createConnectTransport({
    baseUrl: `${server.url}/api`,
    jsonOptions: { useProtoFieldName: true },
    interceptors: [
      (next) => (request) => {
        request.header.set("authorization", `Bearer ${server.token}`);
        return next(request);
      },
    ],
  }),
);

/** Hands out fresh (repository, user) pairs: each call creates a permission that did not exist. */
let nextPair = 0;
function freshPair(): [repository: number, user: number] {
  const n = nextPair++;
  return [1 + (n % REPOSITORIES), 100 + Math.floor(n / REPOSITORIES)];
}

/** One grant with bare fetch, as a hand-written integration would make it. */
async function bareGrant(repository: number, user: number): Promise<void> {
  const response = await fetch(procedureUrl, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      parent: `repositories/${repository}`,
      explicit_repo_permission: { user: `users/${user}` },
    }),
  });
  const answer = (await response.json()) as { name?: string };
  if (
    response.status !== 200 ||
    answer.name !== `repositories/${repository}/explicitRepoPermissions/${user}`
  ) {
    throw new Error(`bare fetch: unexpected answer ${response.status} ${JSON.stringify(answer)}`);
  }
}

/** One grant with the client as it comes. */
function clientGrant(repository: number, user: number): Promise<void> {
  return grantWith(client, repository, user);
}

/** One grant with the client given a per-attempt timeout: what the timeout's `AbortSignal` costs. */
function timeoutGrant(repository: number, user: number): Promise<void> {
  return grantWith(clientWithTimeout, repository, user);
}

async function grantWith(permissions: PermissionsClient, repository: number, user: number): Promise<void> {
  const result = await permissions.grant(repository, user);
  if (!result.changed) throw new Error(`client: grant of ${repository}/${user} changed nothing`);
}

/**
 * One grant with the Connect protocol written out by hand over bare fetch: the generated message types
 * (`create`, `toJsonString`, `fromJson`) and the protocol's headers, nothing of sgkit or Connect's runtime. What
 * any client of this API pays over `bareGrant` for speaking Connect with protobuf-es, so the rest of the
 * client's overhead is its own.
 */
async function protocolGrant(repository: number, user: number): Promise<void> {
  const request = create(CreateExplicitRepoPermissionRequestSchema, {
    parent: `repositories/${repository}`,
    explicitRepoPermission: { user: `users/${user}` },
  });
  const response = await fetch(procedureUrl, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${server.token}`,
      "Content-Type": "application/json",
      "Connect-Protocol-Version": "1",
    },
    body: toJsonString(CreateExplicitRepoPermissionRequestSchema, request, { useProtoFieldName: true }),
  });
  const permission = fromJson(ExplicitRepoPermissionSchema, await response.json(), {
    ignoreUnknownFields: true,
  });
  if (
    response.status !== 200 ||
    permission.name !== `repositories/${repository}/explicitRepoPermissions/${user}`
  ) {
    throw new Error(`protocol by hand: unexpected answer ${response.status} ${permission.name}`);
  }
}

/** One grant with connect-web's generated client alone. */
async function connectGrant(repository: number, user: number): Promise<void> {
  const permission = await connectOnly.createExplicitRepoPermission({
    parent: `repositories/${repository}`,
    explicitRepoPermission: { user: `users/${user}` },
  });
  if (permission.name !== `repositories/${repository}/explicitRepoPermissions/${user}`) {
    throw new Error(`connect-web: unexpected answer ${permission.name}`);
  }
}

const GRANT: Record<Impl, (repository: number, user: number) => Promise<void>> = {
  fetch: bareGrant,
  protocol: protocolGrant,
  connect: connectGrant,
  client: clientGrant,
  timeout: timeoutGrant,
};

interface RunResult {
  calls: number;
  ms: number;
  latencies: Float64Array;
  cpuUs: number;
  serverCpuUs: number;
}

/** `calls` grants with at most `concurrency` in flight; the latency of each call and the wall time of all. */
async function run(impl: Impl, concurrency: number, calls: number): Promise<RunResult> {
  const grant = GRANT[impl];
  const latencies = new Float64Array(calls);
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      const index = started++;
      const [repository, user] = freshPair();
      const t0 = performance.now();
      await grant(repository, user);
      latencies[index] = performance.now() - t0;
    }
  };
  const server0 = await server.cpuUs();
  const cpu0 = process.threadCpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - t0;
  const cpu = process.threadCpuUsage(cpu0);
  const serverCpuUs = (await server.cpuUs()) - server0;
  return { calls, ms, latencies, cpuUs: cpu.user + cpu.system, serverCpuUs };
}

/** The `q` quantile of ascending `sorted`, interpolated between neighbours: latencies and round ratios alike. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = sorted[Math.floor(position)] as number;
  const high = sorted[Math.ceil(position)] as number;
  return low + (high - low) * (position - Math.floor(position));
}

interface Summary {
  concurrency: number;
  impl: Impl;
  calls: number;
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerCall: number;
  serverCpuUsPerCall: number;
}

function summarize(concurrency: number, impl: Impl, runs: RunResult[]): Summary {
  const calls = runs.reduce((sum, r) => sum + r.calls, 0);
  const ms = runs.reduce((sum, r) => sum + r.ms, 0);
  const cpuUs = runs.reduce((sum, r) => sum + r.cpuUs, 0);
  const serverCpuUs = runs.reduce((sum, r) => sum + r.serverCpuUs, 0);
  const all = new Float64Array(calls);
  let offset = 0;
  for (const r of runs) {
    all.set(r.latencies, offset);
    offset += r.calls;
  }
  all.sort();
  return {
    concurrency,
    impl,
    calls,
    callsPerSec: (calls / ms) * 1000,
    p50Ms: quantile(all, 0.5),
    p99Ms: quantile(all, 0.99),
    cpuUsPerCall: cpuUs / calls,
    serverCpuUsPerCall: serverCpuUs / calls,
  };
}

const started = performance.now();
console.log(
  `grant throughput: emulator ${args["in-process"] ? "on this thread" : "on a worker thread"} at ${server.url}, ` +
    `capacity model off, no faults; ${ROUNDS} rounds (${TARGET_ROUNDS} at concurrency ${TARGET.concurrency}) × ` +
    `${CALLS} calls per implementation and level; ` +
    `Node ${process.version}`,
);

// Warm-up: JIT, connection pools, the emulator's own code paths.
for (const impl of IMPLS) await run(impl, 32, WARMUP);

const summaries: Summary[] = [];
/** Every round's runs per level, for the per-round ratios. */
const roundsByLevel = new Map<number, Record<Impl, RunResult[]>>();
for (const concurrency of LEVELS) {
  const runs: Record<Impl, RunResult[]> = { fetch: [], protocol: [], connect: [], client: [], timeout: [] };
  for (let round = 0; round < roundsAt(concurrency); round++) {
    const order = round % 2 === 0 ? IMPLS : [...IMPLS].reverse();
    for (const impl of order) runs[impl].push(await run(impl, concurrency, CALLS));
  }
  for (const impl of IMPLS) summaries.push(summarize(concurrency, impl, runs[impl]));
  roundsByLevel.set(concurrency, runs);
}

// Every call must have been one real create on the server.
const { counters, permissions } = await server.counters();
const totalCalls = nextPair;
await server.stop();
if (counters.CreateExplicitRepoPermission !== totalCalls || permissions !== totalCalls) {
  throw new Error(
    `the server saw ${counters.CreateExplicitRepoPermission} creates and holds ${permissions} permissions; ${totalCalls} were made`,
  );
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const rows = [
  ["concurrency", "impl", "calls", "calls/s", "p50 ms", "p99 ms", "client CPU µs/call", "server CPU µs/call"],
];
for (const s of summaries) {
  rows.push([
    String(s.concurrency),
    IMPL_NAMES[s.impl],
    String(s.calls),
    fmt(s.callsPerSec),
    fmt(s.p50Ms, 2),
    fmt(s.p99Ms, 2),
    fmt(s.cpuUsPerCall),
    args["in-process"] ? "-" : fmt(s.serverCpuUsPerCall),
  ]);
}

interface Overhead {
  impl: Impl;
  concurrency: number;
  /** Median over the rounds of (time per call / bare fetch's in the same round) − 1. */
  throughput: number;
  /** The quartiles of the rounds' ratios: half the rounds lie between them. */
  throughputQuartiles: [q1: number, q3: number];
  /** The 95% confidence interval of `throughput`, the median. */
  throughputCi95: [low: number, high: number];
  p50: number;
  cpuPerCall: number;
}
const overheads: Overhead[] = [];
for (const concurrency of LEVELS) {
  const bare = summaries.find((s) => s.concurrency === concurrency && s.impl === "fetch");
  for (const other of summaries.filter((s) => s.concurrency === concurrency && s.impl !== "fetch")) {
    if (!bare) break;
    const rounds = roundsByLevel.get(concurrency);
    const ratios = (rounds?.[other.impl] ?? [])
      .map((r, round) => {
        const bareRun = rounds?.fetch[round];
        return bareRun ? r.ms / r.calls / (bareRun.ms / bareRun.calls) - 1 : Number.NaN;
      })
      .sort((a, b) => a - b);
    overheads.push({
      impl: other.impl,
      concurrency,
      throughput: quantile(ratios, 0.5),
      throughputQuartiles: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
      throughputCi95: medianCi95(ratios),
      p50: other.p50Ms / bare.p50Ms - 1,
      cpuPerCall: other.cpuUsPerCall / bare.cpuUsPerCall - 1,
    });
  }
}

/**
 * The 95% confidence interval of the median of ascending `sorted`, from order statistics: the median lies below
 * the k-th smallest value with a binomial(n, ½) probability, so the interval runs from the k-th smallest to the
 * k-th largest, with k about n/2 − 0.98·√n. No assumption about how the values are distributed.
 */
function medianCi95(sorted: readonly number[]): [low: number, high: number] {
  const n = sorted.length;
  const k = Math.max(0, Math.floor(n / 2 - 0.98 * Math.sqrt(n)));
  return [sorted[k] ?? Number.NaN, sorted[n - 1 - k] ?? Number.NaN];
}

const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join("  ");
console.log();
console.log(line(rows[0] as string[]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows.slice(1)) console.log(line(row));

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
for (const impl of IMPLS.filter((i) => i !== "fetch")) {
  const rowsOf = overheads.filter((o) => o.impl === impl);
  if (rowsOf.length === 0) continue;
  console.log();
  console.log(
    `${IMPL_NAMES[impl]} overhead over bare fetch (time per call, median of the rounds (95% confidence ` +
      "interval) [quartiles]; p50 latency; client-thread CPU per call):",
  );
  for (const o of rowsOf) {
    console.log(
      `  concurrency ${String(o.concurrency).padStart(3)}: ${pct(o.throughput).padStart(7)} time/call ` +
        `(${pct(o.throughputCi95[0])} to ${pct(o.throughputCi95[1])}) ` +
        `[${pct(o.throughputQuartiles[0])}, ${pct(o.throughputQuartiles[1])}], ` +
        `${pct(o.p50).padStart(7)} p50, ${pct(o.cpuPerCall).padStart(7)} CPU/call`,
    );
  }
}
const atTarget = overheads.find((o) => o.impl === "client" && o.concurrency === TARGET.concurrency);
/** Met or not only when the whole confidence interval says so; null when this run cannot tell. */
const met = !atTarget
  ? undefined
  : atTarget.throughputCi95[1] < TARGET.maxOverhead
    ? true
    : atTarget.throughputCi95[0] >= TARGET.maxOverhead
      ? false
      : null;
if (atTarget) {
  console.log(
    `target: client overhead under ${TARGET.maxOverhead * 100}% at concurrency ${TARGET.concurrency}: ` +
      `${pct(atTarget.throughput)} (95% CI ${pct(atTarget.throughputCi95[0])} to ` +
      `${pct(atTarget.throughputCi95[1])}) → ` +
      (met === true
        ? "met"
        : met === false
          ? "NOT met"
          : "undecided by this run (the interval spans the target)"),
  );
}
console.log(`(${fmt((performance.now() - started) / 1000, 1)} s, ${totalCalls} grants)`);
console.log(
  JSON.stringify({
    benchmark: "grant-throughput",
    node: process.version,
    server: args["in-process"] ? "in-process" : "worker-thread",
    rounds: ROUNDS,
    targetRounds: TARGET_ROUNDS,
    callsPerRound: CALLS,
    results: summaries.map((s) => ({
      ...s,
      callsPerSec: Math.round(s.callsPerSec),
      p50Ms: Number(s.p50Ms.toFixed(3)),
      p99Ms: Number(s.p99Ms.toFixed(3)),
      cpuUsPerCall: Math.round(s.cpuUsPerCall),
      serverCpuUsPerCall: Math.round(s.serverCpuUsPerCall),
    })),
    overhead: overheads.map((o) => ({
      impl: o.impl,
      concurrency: o.concurrency,
      throughput: Number(o.throughput.toFixed(4)),
      throughputQuartiles: o.throughputQuartiles.map((x) => Number(x.toFixed(4))),
      throughputCi95: o.throughputCi95.map((x) => Number(x.toFixed(4))),
      p50: Number(o.p50.toFixed(4)),
      cpuPerCall: Number(o.cpuPerCall.toFixed(4)),
    })),
    target: {
      ...TARGET,
      overhead: atTarget ? Number(atTarget.throughput.toFixed(4)) : null,
      met: met ?? null,
    },
  }),
);
