import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const bench = fileURLToPath(new URL("../bench/grant-throughput.ts", import.meta.url));

// The benchmark runs only under `pnpm bench`; this keeps it from rotting: a tiny run of every implementation
// must finish, make every grant a real create (the script checks the server's counters itself) and report
// each implementation beside bare fetch.
describe("bench/grant-throughput.ts", () => {
  it("runs every implementation at two levels and reports their overhead over bare fetch", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bench, "--calls", "40", "--rounds", "2", "--levels", "1,4"],
      { timeout: 60_000 },
    );
    const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
      results: { impl: string; concurrency: number; calls: number; callsPerSec: number }[];
      overhead: { impl: string; concurrency: number; throughput: number; throughputQuartiles: number[] }[];
      target: { concurrency: number; met: boolean | null };
    };
    expect(report.results.map((r) => `${r.impl}@${r.concurrency}`).sort()).toEqual(
      ["client", "connect", "fetch", "protocol", "timeout"]
        .flatMap((impl) => [`${impl}@1`, `${impl}@4`])
        .sort(),
    );
    for (const result of report.results) {
      expect(result.calls).toBe(80);
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
    }
    // Level 32 was not run, so there is no verdict on the target.
    expect(report.target.met).toBeNull();
  }, 90_000);
});
