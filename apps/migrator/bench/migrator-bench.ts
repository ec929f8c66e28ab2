// `pnpm bench` of sgkit-migrate (issue 6, section 10), run by node as is with resolve-ts-sources.ts preloaded.
//
// 1. Plan: `plan <input> --out plan.json` on generated instances of 100k, 1M and 10M desired entries (ACLs of 100
//    over 10k users; 70% of the ACLs already in place, 30% gaining, losing or swapping 10 users). A size may name
//    its ACL size, `10m/1000` (10,000 repositories of 1,000 users): with `10m` (100,000 of 100) it tells what
//    memory grows with, the entries or the repositories. The emulator
//    runs on this process (capacity model off: the migrator's own cost), the migrator alone in a child process,
//    so its peak RSS (getrusage, read in the child) is its own. Reported: wall time, entries/s, CPU, peak RSS
//    and the calls the emulator received; generating and seeding the instance is timed apart, not counted.
// 2. Apply: `apply plan.json` of 10,800 operations (1,080 repositories: 12,960 calls with a List before and after
//    each repository's writes) against the emulator's capacity model at two sizes of server in one run, 8 workers
//    × 20 ms and 32 workers × 80 ms (400 calls/s each; a call that waits 400 ms for a worker is refused with
//    503), each run on a fresh emulator: the adaptive default, --fixed-concurrency at 16 and 256, adaptive with a
//    ceiling of 256, and two processes applying halves of the plan at once (adaptive, each with its own state
//    directory, as two operators). Reported: calls served per second (from the first call served to the last, as
//    the emulator saw them) as a share of the model's capacity, p50 and p95 latency at the server (queue wait
//    included), calls refused, the 1-minute load average after each run, CPU and peak RSS. One more run with the
//    model off (every call served at once) gives the client's own ceiling on this machine: whether the model or
//    the client is the bottleneck.
// 3. Bridge (issue 17): 600 legacy calls (whole ACLs of 50, 32 in flight) through the built `sgkit-migrate bridge`
//    at each server size, each run on a fresh emulator (see bench-bridge.ts). Reported: legacy calls per second,
//    the server calls per legacy call against the least a client needs, and those least calls' time at capacity
//    as a share of the wall time.
//
// Options: --sizes 100k,1m,10m (or SGKIT_BENCH_SIZES; empty skips the plan part), --apply adaptive,fixed-16,
// fixed-256,adaptive-256,two-adaptive (or SGKIT_BENCH_APPLY; empty skips the apply part), --capacities 8x20,32x80
// (or SGKIT_BENCH_CAPACITIES), --no-ceiling, --bridge 600 (or SGKIT_BENCH_BRIDGE: legacy calls per run; empty or
// 0 skips the bridge part), --bridge-clients 32. Results are printed, never written to the repo.

import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  APPLY_CAPACITIES,
  APPLY_INSTANCE,
  APPLY_RUNS,
  type ApplyResult,
  applyTable,
  benchApply,
  callsPerSecondOf,
  capacityName,
  parseCapacity,
} from "./bench-apply.js";
import {
  BRIDGE_CLIENTS,
  BRIDGE_REPOSITORIES,
  type BridgeResult,
  benchBridge,
  describeBridgeResult,
} from "./bench-bridge.js";
import { createBenchInstance } from "./bench-instance.js";
import { benchPlan, PLAN_ACL_SIZE, PLAN_USERS, type PlanResult } from "./bench-plan.js";
import { snapshotCli } from "./run-migrator.js";

const { values: args } = parseArgs({
  // pnpm passes the `--` of `pnpm bench -- --sizes 100k` through.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    sizes: { type: "string", default: process.env.SGKIT_BENCH_SIZES ?? "100k,1m,10m" },
    apply: {
      type: "string",
      default: process.env.SGKIT_BENCH_APPLY ?? APPLY_RUNS.map((run) => run.name).join(","),
    },
    capacities: {
      type: "string",
      default: process.env.SGKIT_BENCH_CAPACITIES ?? APPLY_CAPACITIES.map(capacityName).join(","),
    },
    ceiling: { type: "boolean", default: true },
    bridge: { type: "string", default: process.env.SGKIT_BENCH_BRIDGE ?? String(BRIDGE_REPOSITORIES) },
    "bridge-clients": { type: "string", default: String(BRIDGE_CLIENTS) },
  },
  allowNegative: true,
});
const list = (text: string): string[] => text.split(",").filter((item) => item.trim() !== "");
const sizes = list(args.sizes).map(parsePlanSize);
const applyRuns = list(args.apply).map((name) => {
  const run = APPLY_RUNS.find((known) => known.name === name.trim());
  if (!run) {
    throw new RangeError(
      `--apply: ${JSON.stringify(name)} is not one of ${APPLY_RUNS.map((known) => known.name).join(", ")}`,
    );
  }
  return run;
});
const capacities = list(args.capacities).map(parseCapacity);
const bridgeCalls = args.bridge.trim() === "" ? 0 : wholeNumber(args.bridge, "--bridge", 0);
const bridgeClients = wholeNumber(args["bridge-clients"], "--bridge-clients", 1);

const MIB = 1024 * 1024;
const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const perSecond = (count: number, ms: number): string => Math.round((count / ms) * 1000).toLocaleString("en");
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const graphqlCalls = (calls: Record<string, number>): number =>
  Object.entries(calls).reduce(
    (total, [method, count]) => total + (method.startsWith("graphql:") ? count : 0),
    0,
  );

console.log(
  `sgkit-migrate bench: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load ${load()}`,
);

const dir = await mkdtemp(join(tmpdir(), "sgkit-migrate-bench-"));
const cli = await snapshotCli();
const benchStarted = performance.now();
try {
  const plans: PlanResult[] = [];
  for (const { entries, aclSize } of sizes) {
    console.log(`plan: ${entries.toLocaleString("en")} entries in ACLs of ${aclSize}…`);
    plans.push(await benchPlan(entries, { cli, dir }, aclSize));
  }
  if (plans.length > 0) {
    console.log(
      `\nplan <input> --out plan.json (ACLs over ${PLAN_USERS.toLocaleString("en")} users; emulator on the parent, capacity model off; wall = the child process, Node's start-up included)\n`,
    );
    console.log(
      formatTable(
        [
          "entries",
          "ACL",
          "repos",
          "input MiB",
          "creates",
          "deletes",
          "Lists",
          "GraphQL",
          "wall s",
          "entries/s",
          "CPU s",
          "peak RSS MiB",
          "setup s*",
        ],
        plans.map((plan) => [
          plan.entries.toLocaleString("en"),
          String(plan.aclSize),
          plan.repositories.toLocaleString("en"),
          (plan.inputBytes / MIB).toFixed(1),
          plan.totals.create.toLocaleString("en"),
          plan.totals.delete.toLocaleString("en"),
          (plan.calls.ListExplicitRepoPermissions ?? 0).toLocaleString("en"),
          graphqlCalls(plan.calls).toLocaleString("en"),
          seconds(plan.wallMs),
          perSecond(plan.entries, plan.wallMs),
          seconds(plan.cpuMs),
          (plan.peakRssBytes / MIB).toFixed(0),
          seconds(plan.setupMs),
        ]),
      ),
    );
    console.log("* generating the instance and seeding the emulator: not counted in the migrator's numbers");
  }

  const applies: ApplyResult[] = [];
  if (applyRuns.length > 0 && capacities.length > 0) {
    const instance = createBenchInstance(APPLY_INSTANCE);
    const runs = [
      ...capacities.flatMap((capacity) => applyRuns.map((run) => ({ run, capacity }))),
      ...(args.ceiling ? [{ run: APPLY_RUNS[0] as (typeof APPLY_RUNS)[number], capacity: undefined }] : []),
    ];
    for (const { run, capacity } of runs) {
      console.log(
        `apply: ${run.name}${run.flags.length > 0 ? ` (${run.flags.join(" ")})` : ""}, ${capacity ? `${capacity.workers} workers × ${capacity.serviceMs} ms` : "capacity model off"}; load ${load()}…`,
      );
      const result = await benchApply(instance, run, capacity, { cli, dir });
      applies.push(result);
    }
    console.log(
      `\napply plan.json: ${APPLY_INSTANCE.repositories.toLocaleString("en")} repositories, of which ${instance.expected.changedRepositories.toLocaleString("en")} change (${(instance.expected.create + instance.expected.delete).toLocaleString("en")} operations); servers ${capacities.map((capacity) => `${capacity.workers} × ${capacity.serviceMs} ms = ${callsPerSecondOf(capacity)} calls/s`).join(", ")}, refusing a call after ${capacities[0]?.queueTimeoutMs} ms in the queue\n`,
    );
    const table = applyTable(applies);
    console.log(formatTable(table.header, table.rows));
    console.log(
      "calls/s: calls the model served (Lists, Creates, Deletes, the token check; retries of refused calls too) from the first to the last; p50/p95: at the server, queue wait included; two-adaptive: both processes together; model off: the client's own ceiling on this machine",
    );
  }

  const bridges: BridgeResult[] = [];
  if (bridgeCalls > 0) {
    for (const capacity of capacities) {
      console.log(
        `bridge: ${bridgeCalls} legacy calls at ${capacity.workers} workers × ${capacity.serviceMs} ms; load ${load()}…`,
      );
      bridges.push(await benchBridge({ repositories: bridgeCalls, clients: bridgeClients, capacity, cli }));
    }
    console.log(`\n${bridges.map(describeBridgeResult).join("\n")}`);
  }

  console.log(`\n(${seconds(performance.now() - benchStarted)} s in all; load ${load()})`);
  console.log(
    JSON.stringify({
      benchmark: "sgkit-migrate",
      node: process.version,
      plan: plans.map(({ totals, ...plan }) => ({ ...plan, create: totals.create, delete: totals.delete })),
      apply: { instance: APPLY_INSTANCE, results: applies },
      bridge: bridges,
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** A whole number of at least `least`, from an option; throws naming the option otherwise. */
function wholeNumber(text: string, option: string, least: number): number {
  const value = Number(text.trim());
  if (!Number.isSafeInteger(value) || value < least) {
    throw new RangeError(`${option}: ${JSON.stringify(text)} is not a whole number of at least ${least}`);
  }
  return value;
}

/** A plan size: `10m` (ACLs of {@link PLAN_ACL_SIZE}) or `10m/1000` (entries, then users per ACL). */
export function parsePlanSize(text: string): { entries: number; aclSize: number } {
  const [entries = "", aclSize] = text.split("/");
  const size = aclSize === undefined ? PLAN_ACL_SIZE : Number(aclSize.trim());
  if (!Number.isSafeInteger(size) || size < 1 || size > PLAN_USERS) {
    throw new RangeError(
      `--sizes: ${JSON.stringify(text)} has an ACL size that is not a whole number from 1 to ${PLAN_USERS}`,
    );
  }
  return { entries: parseEntryCount(entries), aclSize: size };
}

/** `100k` → 100000, `1m` → 1000000, `2500` → 2500 (case-insensitive); throws on anything else. */
export function parseEntryCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  const count = match
    ? Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]?.toLowerCase() ?? ""] ?? 1)
    : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`--sizes: ${JSON.stringify(text)} is not a count of entries such as 100k or 1m`);
  }
  return count;
}

/** Lays rows out as a plain-text table: the first column left-aligned, the others (numbers) right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}
