#!/usr/bin/env node
// Sums vitest's JSON reports (test-results.json in each package) into the one line CI reads:
// `tests: N passed, N failed`. A run that found no report, or no test, fails: silence is not success.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { workspacePackages } from "./workspace-packages.mjs";

let passed = 0;
let failed = 0;
let reports = 0;
for (const { dir, manifest } of workspacePackages()) {
  const report = join(dir, "test-results.json");
  if (!existsSync(report)) {
    if (manifest.scripts?.test) {
      console.error(`${manifest.name}: no test-results.json (its tests did not run or crashed)`);
      failed += 1;
    }
    continue;
  }
  const json = JSON.parse(readFileSync(report, "utf8"));
  reports += 1;
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // A file that failed to load counts as a failure even though it has no failed test.
  failed += json.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.length === 0,
  ).length;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
if (reports === 0 || passed === 0 || failed > 0) process.exitCode = 1;
