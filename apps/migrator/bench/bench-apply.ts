import { join } from "node:path";
import type { CapacityOptions } from "@sgkit/emulator";
import {
  type BenchInstance,
  checkPlanTotals,
  type PlanTotals,
  startBenchEmulator,
} from "./bench-instance.js";
import { runMigrator, timeUntil } from "./run-migrator.js";

/**
 * The apply benchmark's instance: 3,600 repositories of 50 users (180k entries), of which 30% change by 10 users,
 * so the plan holds 1,080 repositories and 10,800 operations, 11,880 calls with their Lists: about 15 s at the
 * model's capacity. ACLs of 50 keep the deletes (2.5% of the grants) under the default --max-deletes of 5%.
 */
export const APPLY_INSTANCE = { repositories: 3_600, aclSize: 50, users: 10_000 } as const;

/** The capacity model the apply meets: 16 workers × 20 ms, i.e. 800 calls/s at most. */
export const APPLY_CAPACITY = { workers: 16, serviceMs: 20 } as const satisfies CapacityOptions;
/** The most calls per second {@link APPLY_CAPACITY} can serve. */
export const CAPACITY_CALLS_PER_SECOND = APPLY_CAPACITY.workers * (1000 / APPLY_CAPACITY.serviceMs);

const WRITE_METHODS = ["CreateExplicitRepoPermission", "DeleteExplicitRepoPermission"] as const;
const LIST_METHOD = "ListExplicitRepoPermissions";

/** What one apply run measured. */
export interface ApplyResult {
  /** `--concurrency`, or undefined for the CLI's default. */
  readonly concurrency: number | undefined;
  /** Whether the capacity model was on (off: the client's own ceiling). */
  readonly capacityModel: boolean;
  /** The plan's creates + deletes, all of which the apply made. */
  readonly operations: number;
  /**
   * Lists (one per planned repository, to refuse drift) + creates + deletes the emulator received, retries
   * included; the token check's one GraphQL call comes before the apply's clock starts and is left out.
   */
  readonly apiCalls: number;
  /** The apply's own duration (its report's `durationMs`): from its first read to its last write. */
  readonly applyMs: number;
  /** The child's wall time: Node's start, reading the plan, the token check and the guardrails included. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssBytes: number;
  /** Calls the capacity model turned away (`unavailable`) during the apply; the client retried them. */
  readonly rejected: number;
  /** The capacity model's longest queue, over the plan and the apply. */
  readonly maxQueued: number;
  /** The plan made just before against the same emulator (not part of the apply's numbers). */
  readonly plan: {
    readonly wallMs: number;
    /** When its first List arrived: the time it spent reading the inputs and resolving names with GraphQL. */
    readonly firstListMs: number | undefined;
    readonly lists: number;
    readonly graphqlCalls: number;
  };
}

/** One apply run of {@link benchApply}. */
export interface ApplyRunOptions {
  readonly instance: BenchInstance;
  /** The instance's desired ACLs, as an input file. */
  readonly input: string;
  /** `--concurrency`, or undefined to leave the CLI's default. */
  readonly concurrency: number | undefined;
  /** The capacity model, or undefined to measure the client's own ceiling. */
  readonly capacity: CapacityOptions | undefined;
  /** The built `cli.js` to run. */
  readonly cli: string;
  /** The scratch directory. */
  readonly dir: string;
}

/**
 * Plans the input, then runs `sgkit-migrate apply plan.json [--concurrency <n>] --json`, against a fresh emulator
 * (so every run starts from the same state), and checks that the emulator applied every planned operation, once.
 */
export async function benchApply(options: ApplyRunOptions): Promise<ApplyResult> {
  const { instance, input, concurrency, capacity, cli, dir } = options;
  const { emulator, env } = await startBenchEmulator(instance, capacity);
  const target = { cli, env, usageFile: join(dir, "usage.json") };
  const run = `${concurrency ?? "default"}-${capacity ? "model" : "off"}`;
  const planPath = join(dir, `apply-${run}.plan.json`);
  try {
    const firstList = timeUntil(() => emulator.counters.get(LIST_METHOD) > 0);
    const planned = await runMigrator(["plan", input, "--out", planPath, "--json"], target);
    firstList.stop();
    if (planned.status !== 2) throw new Error(`plan exited with ${planned.status}:\n${planned.stderr}`);
    checkPlanTotals((JSON.parse(planned.stdout) as { totals: PlanTotals }).totals, instance.expected);
    const lists = emulator.counters.get(LIST_METHOD);
    const plan = {
      wallMs: planned.wallMs,
      firstListMs: firstList.ms,
      lists,
      graphqlCalls: emulator.counters.total() - lists,
    };

    emulator.counters.reset();
    const rejectedBefore = emulator.capacityStats()?.rejected ?? 0;
    const applied = await runMigrator(
      [
        "apply",
        planPath,
        ...(concurrency === undefined ? [] : ["--concurrency", String(concurrency)]),
        "--journal",
        join(dir, `apply-${run}.journal`),
        "--json",
      ],
      target,
    );
    if (applied.status !== 0) {
      throw new Error(`apply exited with ${applied.status}:\n${applied.stderr.slice(-2000)}`);
    }
    const report = JSON.parse(applied.stdout) as { created: number; deleted: number; durationMs: number };
    const { create, delete: remove } = instance.expected;
    const writes = emulator.writes.entries();
    const added = writes.filter((write) => write.kind === "added").length;
    const removed = writes.length - added;
    if (report.created !== create || report.deleted !== remove || added !== create || removed !== remove) {
      throw new Error(
        `apply reported ${report.created} creates and ${report.deleted} deletes, the emulator applied ${added} and ${removed}; the plan has ${create} and ${remove}`,
      );
    }
    const stats = emulator.capacityStats();
    return {
      concurrency,
      capacityModel: capacity !== undefined,
      operations: create + remove,
      apiCalls: [LIST_METHOD, ...WRITE_METHODS].reduce(
        (sum, method) => sum + emulator.counters.get(method),
        0,
      ),
      applyMs: report.durationMs,
      wallMs: applied.wallMs,
      cpuMs: applied.cpuMs,
      peakRssBytes: applied.peakRssBytes,
      rejected: (stats?.rejected ?? 0) - rejectedBefore,
      maxQueued: stats?.maxQueued ?? 0,
      plan,
    };
  } finally {
    await emulator.stop();
  }
}
