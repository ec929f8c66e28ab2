// `grant` against the emulator over loopback HTTP, beside the same calls made with bare `fetch`, at several
// concurrencies: calls/s, latency, CPU per call, and the client's overhead over bare fetch with its confidence
// interval. Method and results: bench/README.md. Node runs this file as it is (erasable TypeScript only).
//
// Options: --calls N (per round, default 500), --rounds R (default 24), --target-rounds R (default 96, at the
// target's concurrency), --levels 1,8,32,128, --impls fetch,client,timeout (a subset, e.g. to profile one with
// `node --cpu-prof`).

import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { createPermissionsClient, type PermissionsClient } from "@sgkit/permissions";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "500" },
    rounds: { type: "string", default: "24" },
    "target-rounds": { type: "string", default: "96" },
    levels: { type: "string", default: "1,8,32,128" },
    impls: { type: "string", default: "fetch,client,timeout" },
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

type Impl = "fetch" | "client" | "timeout";
const IMPL_NAMES: Record<Impl, string> = {
  fetch: "bare fetch",
  client: "client.grant",
  timeout: "client, 30 s timeout",
};
const IMPLS = args.impls.split(",") as Impl[];
if (
  IMPLS.some((impl) => !(impl in IMPL_NAMES)) ||
  LEVELS.some((n) => !(n >= 1)) ||
  !(CALLS >= 1 && ROUNDS >= 1 && TARGET_ROUNDS >= 1)
) {
  throw new Error(
    "--impls takes fetch, client and/or timeout; --calls, --levels, --rounds and --target-rounds whole numbers from 1",
  );
}

// Enough distinct pairs for every call: warm-up plus levels × rounds × implementations × calls.
const pairsNeeded =
  IMPLS.length * WARMUP + LEVELS.reduce((sum, level) => sum + roundsAt(level), 0) * IMPLS.length * CALLS;
const USERS = Math.ceil(pairsNeeded / REPOSITORIES) + 1;

/** The emulator on its worker thread. */
const worker = new Worker(new URL("./emulator-worker.ts", import.meta.url), {
  workerData: { repositories: REPOSITORIES, users: USERS },
});

/** The worker's next message of `type`. */
function next(type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message.type !== type) return;
      worker.off("message", onMessage);
      worker.off("error", reject);
      resolve(message);
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
  });
}

/** Asks the worker for `type` and waits for its answer. */
function ask(type: string): Promise<Record<string, unknown>> {
  const answer = next(type);
  worker.postMessage({ type });
  return answer;
}

/** CPU microseconds the emulator's thread has used. */
async function serverCpuUs(): Promise<number> {
  return (await ask("cpu")).us as number;
}

const ready = await next("ready");
const url = ready.url as string;
const token = ready.token as string;
const procedureUrl = `${url}/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission`;
const client: PermissionsClient = createPermissionsClient({ endpoint: url, token });
const clientWithTimeout: PermissionsClient = createPermissionsClient({
  endpoint: url,
  token,
  timeoutMs: 30_000,
});

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
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
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

async function grantWith(permissions: PermissionsClient, repository: number, user: number): Promise<void> {
  const result = await permissions.grant(repository, user);
  if (!result.changed) throw new Error(`client: grant of ${repository}/${user} changed nothing`);
}

const GRANT: Record<Impl, (repository: number, user: number) => Promise<void>> = {
  fetch: bareGrant,
  client: (repository, user) => grantWith(client, repository, user),
  timeout: (repository, user) => grantWith(clientWithTimeout, repository, user),
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
  const loop = async () => {
    while (started < calls) {
      const index = started++;
      const [repository, user] = freshPair();
      const t0 = performance.now();
      await grant(repository, user);
      latencies[index] = performance.now() - t0;
    }
  };
  const server0 = await serverCpuUs();
  const cpu0 = process.threadCpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const ms = performance.now() - t0;
  const cpu = process.threadCpuUsage(cpu0);
  const serverUs = (await serverCpuUs()) - server0;
  return { calls, ms, latencies, cpuUs: cpu.user + cpu.system, serverCpuUs: serverUs };
}

/** The `q` quantile of ascending `sorted`, interpolated between neighbours: latencies and round ratios alike. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = sorted[Math.floor(position)] as number;
  const high = sorted[Math.ceil(position)] as number;
  return low + (high - low) * (position - Math.floor(position));
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
  const serverUs = runs.reduce((sum, r) => sum + r.serverCpuUs, 0);
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
    serverCpuUsPerCall: serverUs / calls,
  };
}

const started = performance.now();
console.log(
  `grant throughput: emulator on a worker thread at ${url}, capacity model off, no faults; ${ROUNDS} rounds ` +
    `(${TARGET_ROUNDS} at concurrency ${TARGET.concurrency}) × ${CALLS} calls per implementation and level; ` +
    `Node ${process.version}`,
);

// Warm-up: JIT, connection pools, the emulator's own code paths.
for (const impl of IMPLS) await run(impl, 32, WARMUP);

const summaries: Summary[] = [];
/** Every round's runs per level, for the per-round ratios. */
const roundsByLevel = new Map<number, Record<Impl, RunResult[]>>();
for (const concurrency of LEVELS) {
  const runs: Record<Impl, RunResult[]> = { fetch: [], client: [], timeout: [] };
  for (let round = 0; round < roundsAt(concurrency); round++) {
    // ABBA: alternate which implementation goes first, so that drift hits all alike.
    const order = round % 2 === 0 ? IMPLS : [...IMPLS].reverse();
    for (const impl of order) runs[impl].push(await run(impl, concurrency, CALLS));
  }
  for (const impl of IMPLS) summaries.push(summarize(concurrency, impl, runs[impl]));
  roundsByLevel.set(concurrency, runs);
}

// Every call must have been one real create on the server.
const { counters, permissions } = (await ask("counters")) as {
  counters: Record<string, number>;
  permissions: number;
};
const totalCalls = nextPair;
const exited = new Promise((resolve) => worker.once("exit", resolve));
worker.postMessage({ type: "stop" });
await exited;
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
    fmt(s.serverCpuUsPerCall),
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
  const rounds = roundsByLevel.get(concurrency);
  if (!bare || !rounds) continue;
  for (const other of summaries.filter((s) => s.concurrency === concurrency && s.impl !== "fetch")) {
    const ratios = rounds[other.impl]
      .map((r, round) => {
        const bareRun = rounds.fetch[round];
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
