import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const bench = fileURLToPath(new URL("../bench/grant-throughput.ts", import.meta.url));
const targetBench = fileURLToPath(new URL("../bench/grant-target.ts", import.meta.url));

// The benchmark runs only under `pnpm bench`; this keeps it from rotting: a tiny run of every implementation
// must finish, make every grant a real create (the script checks the server's counters itself) and report
// each implementation beside bare fetch.
describe("bench/grant-throughput.ts", () => {
  it("runs every implementation at two levels, reports their overhead over bare fetch and judges the target", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bench, "--calls", "40", "--rounds", "2", "--target-rounds", "3", "--levels", "1,32"],
      { timeout: 60_000 },
    );
    const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
      results: { impl: string; concurrency: number; calls: number; callsPerSec: number }[];
      overhead: {
        impl: string;
        concurrency: number;
        throughput: number;
        throughputQuartiles: number[];
        throughputCi95: number[];
      }[];
      target: { concurrency: number; maxOverhead: number; overhead: number | null; met: boolean | null };
    };
    expect(report.results.map((r) => `${r.impl}@${r.concurrency}`).sort()).toEqual(
      ["client", "connect", "fetch", "protocol", "timeout"]
        .flatMap((impl) => [`${impl}@1`, `${impl}@32`])
        .sort(),
    );
    for (const result of report.results) {
      // The target's level runs --target-rounds, the others --rounds.
      expect(result.calls).toBe(result.concurrency === 32 ? 120 : 80);
      expect(result.callsPerSec).toBeGreaterThan(0);
    }
    expect(report.overhead.map((o) => o.impl).sort()).toEqual([
      "client",
      "client",
      "connect",
      "connect",
      "protocol",
      "protocol",
      "timeout",
      "timeout",
    ]);
    for (const o of report.overhead) {
      expect(Number.isFinite(o.throughput)).toBe(true);
      expect(o.throughputQuartiles[0]).toBeLessThanOrEqual(o.throughputQuartiles[1] as number);
      // The median lies inside its confidence interval, which is no narrower than the quartiles' middle.
      expect(o.throughputCi95[0]).toBeLessThanOrEqual(o.throughput);
      expect(o.throughputCi95[1]).toBeGreaterThanOrEqual(o.throughput);
    }
    // The verdict follows the client's interval at 32: met or not only when all of it is on one side.
    const client = report.overhead.find((o) => o.impl === "client" && o.concurrency === 32);
    if (!client) throw new Error("no overhead of the client at concurrency 32");
    const [low, high] = client.throughputCi95 as [number, number];
    expect(report.target.overhead).toBe(client.throughput);
    const { maxOverhead } = report.target;
    expect(report.target.met).toBe(high < maxOverhead ? true : low >= maxOverhead ? false : null);
  }, 90_000);

  it("judges the target on the median of fresh processes' runs, listing each", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [targetBench, "--runs", "2", "--", "--calls", "40", "--target-rounds", "3"],
      { timeout: 60_000 },
    );
    const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
      runs: { client: number; clientCi95: number[] }[];
      median: number;
      runsUnder: number;
      maxOverhead: number;
      met: boolean;
    };
    expect(report.runs).toHaveLength(2);
    const [a, b] = report.runs.map((r) => r.client) as [number, number];
    expect(report.median).toBeCloseTo((a + b) / 2, 3);
    expect(report.runsUnder).toBe(report.runs.filter((r) => r.client < report.maxOverhead).length);
    expect(report.met).toBe(report.median < report.maxOverhead);
  }, 90_000);
});
