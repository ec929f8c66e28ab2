// Preloaded into the migrator's own process by `runMigrator` (`node --import`): when the process exits, writes
// its peak resident set size and CPU time to the file named by SGKIT_BENCH_USAGE_FILE. Measured inside the
// child, so the number is the migrator's alone, never the emulator's or the benchmark's, and it is the true peak
// (getrusage), not a sample that polling could miss.
import { writeFileSync } from "node:fs";

const out = process.env.SGKIT_BENCH_USAGE_FILE;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({
        // getrusage's ru_maxrss, in KiB on Linux.
        peakRssBytes: usage.maxRSS * 1024,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      }),
    );
  });
}
