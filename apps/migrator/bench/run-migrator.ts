import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const USAGE_REPORTER = fileURLToPath(new URL("./report-resource-usage.ts", import.meta.url));

/** One run of the built `sgkit-migrate` in its own process. */
export interface MigratorRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn to exit, Node's start-up included. */
  readonly wallMs: number;
  /** The child's peak resident set size (getrusage), its own and no one else's. */
  readonly peakRssBytes: number;
  /** The child's user + system CPU time. */
  readonly cpuMs: number;
}

/** Where and how {@link runMigrator} runs the CLI. */
export interface MigratorTarget {
  /** The built `cli.js` (see `snapshotCli`). */
  readonly cli: string;
  /** SRC_ENDPOINT and SRC_ACCESS_TOKEN. */
  readonly env: Readonly<Record<string, string>>;
  /** A scratch path for the child's resource usage report. */
  readonly usageFile: string;
}

/**
 * Runs `sgkit-migrate <argv>` in a child process, with only PATH and the target's variables in its environment
 * (no SRC_* setting of the machine leaks in), and reads its resource usage from the preloaded reporter.
 */
export async function runMigrator(argv: readonly string[], target: MigratorTarget): Promise<MigratorRun> {
  const { cli, env, usageFile } = target;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", USAGE_REPORTER, cli, ...argv], {
    env: { PATH: process.env.PATH ?? "", ...env, SGKIT_BENCH_USAGE_FILE: usageFile },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  const usage = JSON.parse(await readFile(usageFile, "utf8")) as { peakRssBytes: number; cpuMs: number };
  await rm(usageFile);
  return { status, stdout, stderr, wallMs, ...usage };
}
