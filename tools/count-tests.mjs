#!/usr/bin/env node
// Sums vitest's JSON reports (test-results.json in each package) into the one line CI reads:
// `tests: N passed, N failed`. `pnpm test` runs every package even when one fails (`turbo run test --continue`),
// so the line counts what ran: a package whose tests crashed or did not run is named and counts as one failure,
// and the others' counts are still summed. A run that found no report, or no test, fails: silence is not success.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { workspacePackages } from "./workspace-packages.mjs";

let passed = 0;
let failed = 0;
let reports = 0;
for (const { dir, manifest } of workspacePackages()) {
  if (!manifest.scripts?.test) continue;
  const report = join(dir, "test-results.json");
  let json;
  try {
    json = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined;
  } catch (error) {
    console.error(`${manifest.name}: unreadable test-results.json (${error.message}); counted as 1 failed`);
    failed += 1;
    continue;
  }
  if (json === undefined) {
    console.error(
      `${manifest.name}: no test-results.json (its tests did not run or crashed); counted as 1 failed`,
    );
    failed += 1;
    continue;
  }
  reports += 1;
  // A file that failed to load counts as a failure even though it has no failed test.
  const unloaded = json.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.length === 0,
  ).length;
  passed += json.numPassedTests;
  failed += json.numFailedTests + unloaded;
  if (json.numFailedTests + unloaded > 0) {
    console.error(
      `${manifest.name}: ${json.numFailedTests} failed test(s)${unloaded ? `, ${unloaded} file(s) failed to load` : ""}`,
    );
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
if (reports === 0 || passed === 0 || failed > 0) process.exitCode = 1;
