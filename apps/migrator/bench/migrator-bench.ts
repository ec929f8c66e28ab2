// `pnpm bench` of sgkit-migrate (issue 6, section 10), run by node as is with resolve-ts-sources.ts preloaded.
//
// 1. Plan: `plan <input> --out plan.json` on generated instances of 100k, 1M and 10M desired entries (ACLs of 100
//    over 10k users; 70% of the ACLs already in place, 30% gaining, losing or swapping 10 users). A size may name
//    its ACL size, `10m/1000` (10,000 repositories of 1,000 users): with `10m` (100,000 of 100) it tells what
//    memory grows with, the entries or the repositories. The emulator
//    runs on this process (capacity model off: the migrator's own cost), the migrator alone in a child process,
//    so its peak RSS (getrusage, read in the child) is its own. Reported: wall time, entries/s, CPU, peak RSS
//    and the calls the emulator received; generating and seeding the instance is timed apart, not counted.
// 2. Apply: `apply plan.json` of 10,800 operations (1,080 repositories) against the emulator's capacity model
//    (16 workers × 20 ms = 800 calls/s) at the CLI's default --concurrency (16), 32 and 64, each on a fresh
//    emulator. Reported: operations/s, and all calls/s (one List per planned repository + one Create/Delete per
//    operation) as a fraction of the model's capacity, plus the calls the model rejected. One more run with the
//    model off (every call served at once) gives the client's own ceiling on this machine, which tells whether
//    the model or the client is the bottleneck. The plan made before each apply is timed too: how long its
//    GraphQL lookups take before the first List, and how fast its Lists go.
//
// Options: --sizes 100k,1m,10m (or SGKIT_BENCH_SIZES; empty skips the plan part), --levels default,32,64 (or
// SGKIT_BENCH_LEVELS; empty skips the apply part), --no-ceiling. Results are printed, never written to the repo.

import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  APPLY_CAPACITY,
  APPLY_INSTANCE,
  type ApplyResult,
  benchApply,
  CAPACITY_CALLS_PER_SECOND,
} from "./bench-apply.js";
import { createBenchInstance, writeAclFile } from "./bench-instance.js";
import { benchPlan, PLAN_ACL_SIZE, PLAN_USERS, type PlanResult } from "./bench-plan.js";
import { snapshotCli } from "./run-migrator.js";

const { values: args } = parseArgs({
  // pnpm passes the `--` of `pnpm bench -- --sizes 100k` through.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    sizes: { type: "string", default: process.env.SGKIT_BENCH_SIZES ?? "100k,1m,10m" },
    levels: { type: "string", default: process.env.SGKIT_BENCH_LEVELS ?? "default,32,64" },
    ceiling: { type: "boolean", default: true },
  },
  allowNegative: true,
});
const list = (text: string): string[] => text.split(",").filter((item) => item.trim() !== "");
const sizes = list(args.sizes).map(parsePlanSize);
// `default` runs apply without --concurrency, so the CLI's own default is what is measured.
const levels = list(args.levels).map((level) => {
  if (level === "default") return undefined;
  const concurrency = Number(level);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`--levels: ${JSON.stringify(level)} is neither "default" nor a whole number from 1`);
  }
  return concurrency;
});

const MIB = 1024 * 1024;
const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
const perSecond = (count: number, ms: number): string => Math.round((count / ms) * 1000).toLocaleString("en");
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
/** Calls per second as a share of what the capacity model can serve. */
const ofCapacity = (calls: number, ms: number): string =>
  percent(calls / ms / (CAPACITY_CALLS_PER_SECOND / 1000));
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
  if (levels.length > 0) {
    const instance = createBenchInstance(APPLY_INSTANCE);
    const input = join(dir, "apply-desired.ndjson");
    await writeAclFile(input, instance.desired());
    const runs = [
      ...levels.map((concurrency) => ({ concurrency, capacity: APPLY_CAPACITY })),
      ...(args.ceiling ? [{ concurrency: undefined, capacity: undefined }] : []),
    ];
    for (const { concurrency, capacity } of runs) {
      console.log(
        `apply: --concurrency ${concurrency ?? "default"}, capacity model ${capacity ? "on" : "off"}…`,
      );
      applies.push(await benchApply({ instance, input, concurrency, capacity, cli, dir }));
    }
    console.log(
      `\napply plan.json: ${APPLY_INSTANCE.repositories.toLocaleString("en")} repositories, of which ${instance.expected.changedRepositories.toLocaleString("en")} change; capacity model ${APPLY_CAPACITY.workers} workers × ${APPLY_CAPACITY.serviceMs} ms = ${CAPACITY_CALLS_PER_SECOND} calls/s; calls = one List per planned repository + one Create/Delete per operation\n`,
    );
    console.log(
      formatTable(
        [
          "concurrency",
          "model",
          "operations",
          "calls",
          "apply s",
          "operations/s",
          "calls/s",
          "calls/s ÷ capacity",
          "rejected",
          "max queue",
          "CPU s",
          "peak RSS MiB",
        ],
        applies.map((apply) => [
          String(apply.concurrency ?? "default"),
          apply.capacityModel ? "on" : "off",
          apply.operations.toLocaleString("en"),
          apply.apiCalls.toLocaleString("en"),
          seconds(apply.applyMs),
          perSecond(apply.operations, apply.applyMs),
          perSecond(apply.apiCalls, apply.applyMs),
          ofCapacity(apply.apiCalls, apply.applyMs),
          apply.capacityModel ? String(apply.rejected) : "-",
          apply.capacityModel ? String(apply.maxQueued) : "-",
          seconds(apply.cpuMs),
          (apply.peakRssBytes / MIB).toFixed(0),
        ]),
      ),
    );
    console.log(
      "model off: the same apply with every call served at once, i.e. the client's own ceiling on this machine",
    );
    for (const capacityModel of [true, false]) {
      const plan = applies.find((apply) => apply.capacityModel === capacityModel)?.plan;
      if (!plan || plan.firstListMs === undefined) continue;
      const listMs = plan.wallMs - plan.firstListMs;
      console.log(
        `plan of the same instance, model ${capacityModel ? "on" : "off"}: ${seconds(plan.wallMs)} s; first List after ${seconds(plan.firstListMs)} s (${plan.graphqlCalls} GraphQL calls before it), then ${plan.lists.toLocaleString("en")} Lists in ${seconds(listMs)} s = ${perSecond(plan.lists, listMs)}/s${capacityModel ? ` (${ofCapacity(plan.lists, listMs)} of the model's capacity)` : ""}`,
      );
    }
  }

  console.log(`\n(${seconds(performance.now() - benchStarted)} s in all; load ${load()})`);
  console.log(
    JSON.stringify({
      benchmark: "sgkit-migrate",
      node: process.version,
      plan: plans.map(({ totals, ...plan }) => ({ ...plan, create: totals.create, delete: totals.delete })),
      apply: {
        capacity: APPLY_CAPACITY,
        instance: APPLY_INSTANCE,
        results: applies.map((apply) => ({ ...apply, concurrency: apply.concurrency ?? "default" })),
      },
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
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
