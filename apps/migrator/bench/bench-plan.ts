import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  type BenchInstance,
  checkPlanTotals,
  createBenchInstance,
  type PlanTotals,
  startBenchEmulator,
  writeAclFile,
} from "./bench-instance.js";
import { runMigrator } from "./run-migrator.js";

/**
 * Users in each desired ACL of the plan benchmark by default: 100k entries are 1,000 repositories, 1M are 10,000,
 * 10M are 100,000.
 */
export const PLAN_ACL_SIZE = 100;
/** Users of the plan benchmark's instance. */
export const PLAN_USERS = 10_000;

/** What one plan run measured. */
export interface PlanResult {
  readonly entries: number;
  /** Users in each desired ACL: with `entries`, how many repositories the plan holds. */
  readonly aclSize: number;
  readonly repositories: number;
  readonly inputBytes: number;
  /** Generating the seed and loading it into the emulator: not the migrator's time. */
  readonly setupMs: number;
  /** The child process's wall time, from spawn to exit. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssBytes: number;
  readonly totals: PlanTotals;
  /** Calls the emulator received, per method (`ListExplicitRepoPermissions`, `graphql:<operation>`). */
  readonly calls: Record<string, number>;
}

/**
 * `sgkit-migrate plan input.ndjson --out plan.json --json` on a generated instance of `entries` desired entries in
 * ACLs of `aclSize` users (`entries / aclSize` repositories), with the emulator (capacity model off) on this
 * process and the migrator (`cli`) alone in a child process. Checks the plan's totals against the generator's
 * before reporting anything.
 */
export async function benchPlan(
  entries: number,
  paths: { readonly cli: string; readonly dir: string },
  aclSize: number = PLAN_ACL_SIZE,
): Promise<PlanResult> {
  const { cli, dir } = paths;
  const setupStarted = performance.now();
  const instance: BenchInstance = createBenchInstance({
    repositories: Math.ceil(entries / aclSize),
    aclSize,
    users: PLAN_USERS,
  });
  const input = join(dir, `desired-${entries}-${aclSize}.ndjson`);
  const inputBytes = await writeAclFile(input, instance.desired());
  const { emulator, env } = await startBenchEmulator(instance);
  const setupMs = performance.now() - setupStarted;
  try {
    const run = await runMigrator(
      ["plan", input, "--out", join(dir, `plan-${entries}-${aclSize}.json`), "--json"],
      {
        cli,
        // SGKIT_BENCH_PLAN_NODE_OPTIONS: node options of the migrator's process alone (a heap cap, say), not the
        // emulator's, which holds the whole instance.
        env: process.env.SGKIT_BENCH_PLAN_NODE_OPTIONS
          ? { ...env, NODE_OPTIONS: process.env.SGKIT_BENCH_PLAN_NODE_OPTIONS }
          : env,
        usageFile: join(dir, "usage.json"),
      },
    );
    if (run.status !== 2) {
      throw new Error(`plan exited with ${run.status}, not 2 (changes):\n${run.stderr.slice(-2000)}`);
    }
    const { totals } = JSON.parse(run.stdout) as { totals: PlanTotals };
    checkPlanTotals(totals, instance.expected);
    return {
      entries: instance.expected.entries,
      aclSize,
      repositories: totals.repositories,
      inputBytes,
      setupMs,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      peakRssBytes: run.peakRssBytes,
      totals,
      calls: emulator.counters.snapshot(),
    };
  } finally {
    await emulator.stop();
  }
}
