// The verdict on the grant target (the client's time per `grant` within 10% of bare fetch's at concurrency 32),
// over several fresh processes: it runs grant-throughput.ts at concurrency 32 (bare fetch and the client) in
// --runs processes, one after the other, and judges the target on the median of their medians, printing each
// run beside it. Why several processes: bench/README.md.
//
// Options: --runs N (default 5); arguments after `--` go to grant-throughput.ts (e.g. `-- --target-rounds 48`).

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const { values: args, positionals } = parseArgs({
  options: { runs: { type: "string", default: "5" } },
  allowPositionals: true,
});
const RUNS = Number(args.runs);
if (!(Number.isInteger(RUNS) && RUNS >= 1)) throw new Error("--runs takes a whole number from 1");

const throughputBench = fileURLToPath(new URL("./grant-throughput.ts", import.meta.url));

/** What this script reads of a grant-throughput.ts report. */
interface Report {
  overhead: { impl: string; concurrency: number; throughput: number; throughputCi95: [number, number] }[];
  results: { impl: string; concurrency: number; cpuUsPerCall: number }[];
  target: { concurrency: number; maxOverhead: number };
}

const runs: { client: number; ci: [number, number]; cpu: number }[] = [];
let maxOverhead = 0;
for (let run = 1; run <= RUNS; run++) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [throughputBench, "--levels", "32", "--impls", "fetch,client", ...positionals],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Report;
  const { concurrency } = report.target;
  const client = report.overhead.find((o) => o.impl === "client" && o.concurrency === concurrency);
  const cpuOf = (impl: string) =>
    report.results.find((r) => r.impl === impl && r.concurrency === concurrency)?.cpuUsPerCall;
  const [clientCpu, bareCpu] = [cpuOf("client"), cpuOf("fetch")];
  if (!client || clientCpu === undefined || bareCpu === undefined) {
    throw new Error(`run ${run}: the report has no overhead at concurrency ${concurrency}`);
  }
  maxOverhead = report.target.maxOverhead;
  runs.push({ client: client.throughput, ci: client.throughputCi95, cpu: clientCpu / bareCpu - 1 });
  console.error(`run ${run}/${RUNS}: client ${pct(client.throughput)}`);
}

function pct(x: number): string {
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
}

console.log();
console.log(`client overhead over bare fetch at concurrency 32, in ${RUNS} fresh processes:`);
console.log("  run  client time/call (95% CI of the run)  client CPU/call");
runs.forEach((r, index) => {
  const run = `  ${String(index + 1).padStart(3)}  ${pct(r.client).padStart(7)} (${pct(r.ci[0])} to ${pct(r.ci[1])})`;
  console.log(`${run.padEnd(44)}${pct(r.cpu).padStart(15)}`);
});
const overall = median(runs.map((r) => r.client));
const under = runs.filter((r) => r.client < maxOverhead).length;
const met = overall < maxOverhead;
console.log(
  `target: under ${maxOverhead * 100}%: median of the runs ${pct(overall)} (${under} of ${RUNS} runs under) → ` +
    (met ? "met" : "NOT met"),
);
console.log(
  JSON.stringify({
    benchmark: "grant-target",
    runs: runs.map((r) => ({
      client: Number(r.client.toFixed(4)),
      clientCi95: r.ci.map((x) => Number(x.toFixed(4))),
      clientCpu: Number(r.cpu.toFixed(4)),
    })),
    median: Number(overall.toFixed(4)),
    runsUnder: under,
    maxOverhead,
    met,
  }),
);
