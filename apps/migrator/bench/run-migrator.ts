import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
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

/**
 * Runs `sgkit-migrate <argv>` from dist/cli.js in a child process, with only PATH and `env` in its environment
 * (no SRC_* setting of the machine leaks in), and reads its resource usage from the preloaded reporter.
 * `usageFile` is a scratch path for that report.
 */
export async function runMigrator(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  usageFile: string,
): Promise<MigratorRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", USAGE_REPORTER, CLI, ...argv], {
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
