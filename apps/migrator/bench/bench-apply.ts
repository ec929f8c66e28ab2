import { mkdir } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { CapacityOptions, CapacityStats, Emulator } from "@sgkit/emulator";
import {
  type BenchInstance,
  checkPlanTotals,
  type DesiredAcl,
  type PlanTotals,
  startBenchEmulator,
  writeAclFile,
} from "./bench-instance.js";
import { type MigratorRun, runMigrator } from "./run-migrator.js";

// The apply part of `pnpm bench`: `sgkit-migrate apply plan.json` against the emulator's capacity model, at two
// server sizes, adaptive and fixed, one process and two sharing the server. See migrator-bench.ts's header.

/**
 * The apply benchmark's instance: 3,600 repositories of 50 users (180k entries), of which 30% change by 10 users,
 * so the plan holds 1,080 repositories and 10,800 operations: 12,960 calls with the List before and the read-back
 * after each repository's writes, about 32 s at 400 calls/s. ACLs of 50 keep the deletes (2.5% of the grants) under the default --max-deletes of 5%.
 */
export const APPLY_INSTANCE = { repositories: 3_600, aclSize: 50, users: 10_000 } as const;

/**
 * The servers the apply meets: a small one (8 workers × 20 ms) and a large, slow one (32 workers × 80 ms), both
 * 400 calls/s at most, so the runs take the same time and only the shape differs. A call that waits 400 ms for a
 * worker is refused (503): a fixed 256 calls in flight queues 620 ms (small) or 560 ms (large), so it is refused;
 * a limit near the workers queues a few ms.
 */
export const APPLY_CAPACITIES: readonly CapacityOptions[] = [
  { workers: 8, serviceMs: 20, queueTimeoutMs: 400 },
  { workers: 32, serviceMs: 80, queueTimeoutMs: 400 },
];

/** The most calls per second a capacity model serves. */
export const callsPerSecondOf = (capacity: CapacityOptions): number =>
  (capacity.workers * 1000) / (capacity.serviceMs ?? 0);

/** `8x20` for 8 workers × 20 ms. */
export const capacityName = (capacity: CapacityOptions): string =>
  `${capacity.workers}x${capacity.serviceMs ?? 0}`;

/** Parses `8x20` (workers x serviceMs), with the queue timeout of {@link APPLY_CAPACITIES}. */
export function parseCapacity(text: string): CapacityOptions {
  const match = /^(\d+)x(\d+(?:\.\d+)?)$/.exec(text.trim());
  const workers = Number(match?.[1]);
  const serviceMs = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(workers) || workers < 1 || !(serviceMs > 0)) {
    throw new RangeError(`--capacities: ${JSON.stringify(text)} is not <workers>x<service ms>, such as 8x20`);
  }
  return { workers, serviceMs, queueTimeoutMs: APPLY_CAPACITIES[0]?.queueTimeoutMs ?? 400 };
}

/** How the apply runs: the flags it is given, and how many processes share the server. */
export interface ApplyRunKind {
  readonly name: string;
  readonly flags: readonly string[];
  /** 2: the plan split in two halves (alternate repositories), applied at once by two processes. */
  readonly processes: 1 | 2;
}

/** The runs, by name: the adaptive default, fixed 16 and 256, two processes, and adaptive with a ceiling of 256. */
export const APPLY_RUNS: readonly ApplyRunKind[] = [
  { name: "adaptive", flags: [], processes: 1 },
  { name: "fixed-16", flags: ["--fixed-concurrency", "--concurrency", "16"], processes: 1 },
  { name: "fixed-256", flags: ["--fixed-concurrency", "--concurrency", "256"], processes: 1 },
  { name: "adaptive-256", flags: ["--concurrency", "256"], processes: 1 },
  { name: "two-adaptive", flags: [], processes: 2 },
];

/** What one apply run measured. */
export interface ApplyResult {
  readonly run: string;
  readonly processes: number;
  /** The capacity model, or undefined for the run with the model off (the client's own ceiling). */
  readonly capacity: CapacityOptions | undefined;
  /** The plan's creates + deletes, all of which the apply made. */
  readonly operations: number;
  /** Calls the model served (Lists, Creates, Deletes, the token check), from the first to the last. */
  readonly served: number;
  /** From the first call served to the last, as the emulator saw them (every process's calls together). */
  readonly spanMs: number;
  /** Calls the model refused (503 after the queue timeout); the migrator retried them. */
  readonly refused: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxQueued: number;
  /** Each process's own apply duration (its report's `durationMs`). */
  readonly applyMs: readonly number[];
  /** The processes' CPU time, together. */
  readonly cpuMs: number;
  /** The largest peak RSS of a process. */
  readonly peakRssBytes: number;
  /** The machine's 1-minute load average when the applies ended (2 cores, shared with other jobs). */
  readonly load: number;
}

/** Where {@link benchApply} runs. */
export interface ApplyBenchPaths {
  /** The built `cli.js` to run. */
  readonly cli: string;
  /** The scratch directory. */
  readonly dir: string;
}

/**
 * Plans the instance's desired ACLs (in one file, or two halves for two processes), then applies the plan(s) with
 * the run's flags against a fresh emulator (so every run starts from the same state), and checks that the emulator
 * applied every planned operation, once. Each process has its own state directory, as two operators on two
 * machines: the run lock is per user and machine.
 */
export async function benchApply(
  instance: BenchInstance,
  run: ApplyRunKind,
  capacity: CapacityOptions | undefined,
  paths: ApplyBenchPaths,
): Promise<ApplyResult> {
  const { emulator, env } = await startBenchEmulator(instance, capacity);
  checkCapacityStats(emulator.capacityStats());
  const id = `${capacity ? capacityName(capacity) : "off"}-${run.name}`;
  const dir = join(paths.dir, id);
  await mkdir(dir, { recursive: true });
  try {
    const parts = Array.from({ length: run.processes }, (_, part) => ({
      input: join(dir, `desired-${part}.ndjson`),
      plan: join(dir, `plan-${part}.json`),
      journal: join(dir, `plan-${part}.journal`),
      target: {
        cli: paths.cli,
        env: { ...env, XDG_STATE_HOME: join(dir, `state-${part}`) },
        usageFile: join(dir, `usage-${part}.json`),
      },
    }));
    const totals: PlanTotals[] = [];
    for (const [index, part] of parts.entries()) {
      await writeAclFile(part.input, everyNth(instance.desired(), run.processes, index));
      const planned = await runMigrator(["plan", part.input, "--out", part.plan, "--json"], part.target);
      if (planned.status !== 2) throw new Error(`plan exited with ${planned.status}:\n${planned.stderr}`);
      totals.push((JSON.parse(planned.stdout) as { totals: PlanTotals }).totals);
    }
    checkPlanTotals(sumTotals(totals), instance.expected);

    emulator.writes.reset();
    const before = emulator.capacityStats();
    const watch = watchServed(emulator);
    const applied = await Promise.all(
      parts.map((part) =>
        runMigrator(["apply", part.plan, ...run.flags, "--journal", part.journal, "--json"], part.target),
      ),
    );
    const span = watch.stop();
    const [load = Number.NaN] = loadavg();
    const reports = applied.map((apply) => readReport(apply));
    checkWrites(emulator, instance, reports);
    const after = emulator.capacityStats();
    const latency = after && before ? after.latency.since(before.latency) : undefined;
    return {
      run: run.name,
      processes: run.processes,
      capacity,
      operations: instance.expected.create + instance.expected.delete,
      served: span.served,
      spanMs: span.ms,
      refused: (after?.rejected ?? 0) - (before?.rejected ?? 0),
      p50Ms: latency?.percentile(0.5) ?? Number.NaN,
      p95Ms: latency?.percentile(0.95) ?? Number.NaN,
      maxQueued: after?.maxQueued ?? 0,
      applyMs: reports.map((report) => report.durationMs),
      cpuMs: applied.reduce((sum, apply) => sum + apply.cpuMs, 0),
      peakRssBytes: Math.max(...applied.map((apply) => apply.peakRssBytes)),
      load,
    };
  } finally {
    await emulator.stop();
  }
}

/** The calls/s of a result as a share of its model's capacity; NaN with the model off. */
export function shareOfCapacity(result: ApplyResult): number {
  if (!result.capacity) return Number.NaN;
  return result.served / (result.spanMs / 1000) / callsPerSecondOf(result.capacity);
}

/** Each `count`-th ACL from `offset`: two halves alike in their mix of changes. */
function* everyNth(acls: Iterable<DesiredAcl>, count: number, offset: number): Generator<DesiredAcl> {
  let index = 0;
  for (const acl of acls) {
    if (index % count === offset) yield acl;
    index += 1;
  }
}

function sumTotals(totals: readonly PlanTotals[]): PlanTotals {
  const [first, ...rest] = totals;
  if (!first) throw new Error("no plan");
  const sum: Record<string, unknown> = { ...first };
  for (const more of rest) {
    for (const [key, value] of Object.entries(more)) {
      if (typeof value === "number" && typeof sum[key] === "number") sum[key] = (sum[key] as number) + value;
    }
  }
  return sum as unknown as PlanTotals;
}

interface ApplyReport {
  readonly created: number;
  readonly deleted: number;
  readonly durationMs: number;
}

function readReport(apply: MigratorRun): ApplyReport {
  if (apply.status !== 0) throw new Error(`apply exited with ${apply.status}:\n${apply.stderr.slice(-2000)}`);
  return JSON.parse(apply.stdout) as ApplyReport;
}

/** Throws unless the reports and the emulator both show exactly the plan's creates and deletes. */
function checkWrites(emulator: Emulator, instance: BenchInstance, reports: readonly ApplyReport[]): void {
  const { create, delete: remove } = instance.expected;
  const writes = emulator.writes.entries();
  const added = writes.filter((write) => write.kind === "added").length;
  const removed = writes.length - added;
  const created = reports.reduce((sum, report) => sum + report.created, 0);
  const deleted = reports.reduce((sum, report) => sum + report.deleted, 0);
  if (created !== create || deleted !== remove || added !== create || removed !== remove) {
    throw new Error(
      `apply reported ${created} creates and ${deleted} deletes, the emulator applied ${added} and ${removed}; the plan has ${create} and ${remove}`,
    );
  }
}

/**
 * Polls the model's served count every few ms (on this process, which hosts the emulator) and notes when it first
 * and last rose: the span of the applies as the server saw it, the same for one process or two. With the model off,
 * the emulator's call counters stand in.
 */
function watchServed(emulator: Emulator): { stop(): { ms: number; served: number } } {
  const count = (): number => emulator.capacityStats()?.served ?? emulator.counters.total();
  const start = count();
  let last = start;
  let firstAt: number | undefined;
  let lastAt = 0;
  const poll = (): void => {
    const now = count();
    if (now === last) return;
    const at = performance.now();
    firstAt ??= at;
    lastAt = at;
    last = now;
  };
  const timer = setInterval(poll, 2);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return { ms: firstAt === undefined ? 0 : lastAt - firstAt, served: last - start };
    },
  };
}

/** Throws when the emulator reports no latencies: a build of it older than its capacity latencies. */
export function checkCapacityStats(stats: CapacityStats | undefined): void {
  if (stats && typeof stats.latency?.percentile !== "function") {
    throw new Error(
      "@sgkit/emulator's build has no capacity latencies: run pnpm --filter @sgkit/emulator build",
    );
  }
}

/** Header and rows of the apply table. */
export function applyTable(results: readonly ApplyResult[]): { header: string[]; rows: string[][] } {
  const percent = (share: number): string => (Number.isNaN(share) ? "-" : `${(share * 100).toFixed(1)}%`);
  const ms = (value: number): string => (Number.isNaN(value) ? "-" : value.toFixed(0));
  return {
    header: [
      "server",
      "run",
      "procs",
      "calls served",
      "span s",
      "calls/s",
      "÷ capacity",
      "p50 ms",
      "p95 ms",
      "refused",
      "max queue",
      "CPU s",
      "peak RSS MiB",
      "load",
    ],
    rows: results.map((result) => [
      result.capacity ? `${result.capacity.workers} × ${result.capacity.serviceMs} ms` : "model off",
      result.run,
      String(result.processes),
      result.served.toLocaleString("en"),
      (result.spanMs / 1000).toFixed(1),
      Math.round(result.served / (result.spanMs / 1000)).toLocaleString("en"),
      percent(shareOfCapacity(result)),
      ms(result.p50Ms),
      ms(result.p95Ms),
      result.capacity ? String(result.refused) : "-",
      result.capacity ? String(result.maxQueued) : "-",
      (result.cpuMs / 1000).toFixed(1),
      (result.peakRssBytes / (1024 * 1024)).toFixed(0),
      result.load.toFixed(2),
    ]),
  };
}
