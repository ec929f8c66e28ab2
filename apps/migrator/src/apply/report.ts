import { countNoun } from "../plan/render-plan.js";

// What an apply did, and how it is shown.

/** An operation that failed after its retries. */
export interface FailedOperation {
  readonly repository: number;
  readonly name: string;
  readonly op: "create" | "delete";
  readonly user: number;
  readonly label: string;
  /** The error's message (tokens redacted by @sgkit/core), or why the operation was not attempted. */
  readonly reason: string;
}

/** A repository apply did not touch, and why. */
export interface SkippedRepository {
  readonly repository: number;
  readonly name: string;
  readonly reason: string;
  /** Its planned operations, none of which ran. */
  readonly operations: number;
}

/** What `apply` did. */
export interface ApplyReport {
  readonly planId: string;
  /** Permissions this run created / deleted. */
  readonly created: number;
  readonly deleted: number;
  /** Planned operations found already done: by an earlier run (resume), or by a lost answer's retry. */
  readonly unchanged: number;
  /** Deletes not attempted because a call had failed before (no deletes after errors). */
  readonly withheld: number;
  readonly skipped: readonly SkippedRepository[];
  readonly failed: readonly FailedOperation[];
  /** Repositories a previous run completed (from the journal), not read again. */
  readonly resumed: number;
  /** HTTP requests per API method, retries included. */
  readonly calls: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

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
