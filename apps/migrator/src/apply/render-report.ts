import { countNoun } from "../text/count-noun.js";
import type { ApplyReport } from "./apply-types.js";

const LISTED = 20;

/** The human form of an apply report: totals, then what failed or was skipped and why. */
export function renderReport(report: ApplyReport): string[] {
  const calls = Object.entries(report.calls)
    .map(([method, count]) => `${method} ${count}`)
    .join(", ");
  const lines = [
    `Apply: ${report.created} created, ${report.deleted} deleted, ${report.unchanged} already done, ${report.failed.length} failed, ${countNoun(report.skipped.length, "repository", "repositories")} skipped${report.withheld > 0 ? `, ${report.withheld} deletes withheld after errors` : ""}.`,
    `Calls: ${calls || "none"}; ${(report.durationMs / 1000).toFixed(1)} s${report.resumed > 0 ? `; ${countNoun(report.resumed, "repository", "repositories")} done by the earlier run` : ""}.`,
  ];
  for (const skipped of report.skipped.slice(0, LISTED)) {
    lines.push(
      `  skipped ${skipped.name} (${countNoun(skipped.operations, "operation", "operations")}): ${skipped.reason}`,
    );
  }
  if (report.skipped.length > LISTED) lines.push(`  … and ${report.skipped.length - LISTED} more skipped`);
  for (const failed of report.failed.slice(0, LISTED)) {
    lines.push(
      `  failed ${failed.op === "create" ? "+" : "-"} ${failed.label} on ${failed.name}: ${failed.reason}`,
    );
  }
  if (report.failed.length > LISTED)
    lines.push(`  … and ${report.failed.length - LISTED} more failed (--json lists them all)`);
  if (report.withheld > 0) {
    lines.push(
      "  No delete runs after a failed call, so nobody loses access on the strength of a grant that did not happen; fix the cause and run apply again with --resume.",
    );
  }
  return lines;
}
