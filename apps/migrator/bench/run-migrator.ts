import { spawn } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

// Running the built CLI: a snapshot of it, run in a child process that reports its own resource usage, and a
// watch that times a phase of that run from this process.

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
// Inside the package, so the CLI's bare imports (@sgkit/core, …) resolve through its node_modules as from dist/.
const SNAPSHOT = fileURLToPath(new URL("../node_modules/.cache/sgkit-migrate-bench/", import.meta.url));

/**
 * Copies the built CLI (dist/*.js) aside and returns the path of its `cli.js`: a build started while the benchmark
 * runs (`pnpm build`, or `turbo run test`, which builds first) cleans dist/ and would pull the CLI from under a
 * run, or swap the code being measured half-way. The copy is fresh each time; `package.json` marks it ESM, as
 * dist/ is by the package's own.
 */
export async function snapshotCli(): Promise<string> {
  await rm(SNAPSHOT, { recursive: true, force: true });
  await mkdir(SNAPSHOT, { recursive: true });
  const files = (await readdir(DIST)).filter((name) => name.endsWith(".js"));
  if (!files.includes("cli.js")) throw new Error(`no dist/cli.js in ${DIST}: build the package first`);
  await Promise.all(files.map((name) => copyFile(join(DIST, name), join(SNAPSHOT, name))));
  await writeFile(join(SNAPSHOT, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  return join(SNAPSHOT, "cli.js");
}

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
  /** SRC_ENDPOINT, SRC_ACCESS_TOKEN and SRC_GRAPHQL_ACCESS_TOKEN. */
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

/** A running watch: when the condition first held, in ms after the watch started; undefined until then. */
export interface Watch {
  readonly ms: number | undefined;
  stop(): void;
}

/**
 * Polls `condition` every few milliseconds (on this process, which hosts the emulator) and notes when it first
 * holds: how a benchmark times a phase of a child process it cannot instrument, such as "the first List arrived".
 */
export function timeUntil(condition: () => boolean, intervalMs = 5): Watch {
  const started = performance.now();
  let ms: number | undefined;
  const timer = setInterval(() => {
    if (!condition()) return;
    ms = performance.now() - started;
    clearInterval(timer);
  }, intervalMs);
  return {
    get ms() {
      return ms;
    },
    stop: () => clearInterval(timer),
  };
}
