import { countNoun } from "../plan/render-plan.js";
import { formatCounts } from "../resilience.js";

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

/**
 * A repository whose ACL, read back after this run's writes, was not what those writes make of the ACL read
 * before them: someone else changed it meanwhile. Both changes are in place, and neither the plan's state nor
 * theirs is; the run does not claim it.
 */
export interface ConflictedRepository {
  readonly repository: number;
  readonly name: string;
  /** Users the ACL has that it should not have after this run's writes (labels, or `users/<id>`). */
  readonly added: readonly string[];
  /** Users it lacks that it should have. */
  readonly removed: readonly string[];
}

/** How the run rode through trouble (counted over the whole command: with `apply <inputs> --yes`, planning too). */
export interface ResilienceReport {
  /** Attempts that repeated a failed one. */
  readonly retries: number;
  /** Times the run paused because no call succeeded, each ended by a successful probe. */
  readonly waits: number;
  /** Time spent paused, in ms. */
  readonly waitedMs: number;
  /** Times a retry waited because the retry budget was spent. */
  readonly budgetWaits: number;
  /** Attempts that failed transiently, by what failed (`HTTP 503`, `connection reset`). */
  readonly failures: Readonly<Record<string, number>>;
  /** The concurrency limit at the end: the calls in flight the server was found to take (at most --concurrency). */
  readonly concurrencyLimit: number;
}

/** What `apply` did. */
export interface ApplyReport {
  readonly planId: string;
  /** Permissions this run's calls created / deleted: the server answered the Create or Delete as done. */
  readonly created: number;
  readonly deleted: number;
  /**
   * Writes whose answer was lost and whose retry found them done (`already_exists` / `not_found` after a retry):
   * most likely made by this run's first attempt, though another writer may have made them between the attempts.
   * Neither in `created` / `deleted` nor in `unchanged`.
   */
  readonly confirmedByRetry: number;
  /**
   * Planned operations found already done: in the ACL read before writing (by an earlier run, or someone
   * else), or answered `already_exists` / `not_found` at a call's first attempt (see `doneMeanwhile`).
   */
  readonly unchanged: number;
  /**
   * Of `unchanged`: calls answered `already_exists` / `not_found` at their first attempt, although the ACL read
   * just before showed them needed: someone else made the same change meanwhile.
   */
  readonly doneMeanwhile: number;
  /** Deletes not attempted because a call had failed before (no deletes after errors). */
  readonly withheld: number;
  /** Planned operations not started because the run stopped (Ctrl-C, a journal that cannot be written). */
  readonly notStarted: number;
  readonly skipped: readonly SkippedRepository[];
  readonly failed: readonly FailedOperation[];
  /** Repositories someone else changed while this run wrote them (read back after the writes). */
  readonly conflicts: readonly ConflictedRepository[];
  /** Repositories a previous run completed (from the journal), not read again. */
  readonly resumed: number;
  /** The run was stopped (Ctrl-C) before the end of the plan; `--resume` continues it. */
  readonly interrupted: boolean;
  /**
   * The run went through the whole plan and left nothing a resume could do; its journal says so and is never
   * resumed. False when something failed, was withheld or not started.
   */
  readonly finished: boolean;
  /** HTTP requests per API method, retries included. */
  readonly calls: Readonly<Record<string, number>>;
  /** Retries, waits and the concurrency limit; absent when apply ran without the CLI's resilience. */
  readonly resilience?: ResilienceReport;
  readonly durationMs: number;
}

/** Whether the plan's state is now in place everywhere the plan touched, as far as this run can tell. */
export function applySucceeded(report: ApplyReport): boolean {
  return (
    !report.interrupted &&
    report.failed.length +
      report.skipped.length +
      report.conflicts.length +
      report.withheld +
      report.notStarted ===
      0
  );
}

const LISTED = 20;

/**
 * `Retries: 12 (failed attempts: HTTP 503 ×8, connection reset ×4); waited out 1 outage (20.3 s without a
 * successful call); concurrency limit 9.`
 */
function renderResilience(resilience: ResilienceReport): string {
  const failures = formatCounts(Object.entries(resilience.failures));
  const parts = [
    `Retries: ${resilience.retries}${failures ? ` (failed attempts: ${failures})` : ""}`,
    resilience.waits > 0
      ? `waited out ${countNoun(resilience.waits, "outage", "outages")} (${(resilience.waitedMs / 1000).toFixed(1)} s without a successful call)`
      : "no outage",
    ...(resilience.budgetWaits > 0
      ? [`${countNoun(resilience.budgetWaits, "retry", "retries")} waited for retry budget`]
      : []),
    `concurrency limit ${resilience.concurrencyLimit}`,
  ];
  return `${parts.join("; ")}.`;
}

/** The human form of an apply report: totals, then what failed or was skipped and why. */
export function renderReport(report: ApplyReport): string[] {
  const calls = Object.entries(report.calls)
    .map(([method, count]) => `${method} ${count}`)
    .join(", ");
  const extra = [
    report.conflicts.length > 0
      ? `${countNoun(report.conflicts.length, "repository", "repositories")} changed by someone else meanwhile`
      : "",
    report.withheld > 0 ? `${countNoun(report.withheld, "delete", "deletes")} withheld after errors` : "",
    report.notStarted > 0
      ? `${countNoun(report.notStarted, "operation", "operations")} not started (stopped)`
      : "",
  ].filter((part) => part !== "");
  const confirmed =
    report.confirmedByRetry > 0 ? `, ${report.confirmedByRetry} done (confirmed by retry)` : "";
  const lines = [
    `Apply: ${report.created} created, ${report.deleted} deleted${confirmed}, ${report.unchanged} already done, ${report.failed.length} failed, ${countNoun(report.skipped.length, "repository", "repositories")} skipped${extra.map((part) => `, ${part}`).join("")}.`,
  ];
  if (report.confirmedByRetry > 0) {
    lines.push(
      `  Done (confirmed by retry): the answer to ${report.confirmedByRetry === 1 ? "a write" : "writes"} of this run was lost, and the retry found ${report.confirmedByRetry === 1 ? "it" : "them"} done; most likely the first attempt made ${report.confirmedByRetry === 1 ? "it" : "them"}.`,
    );
  }
  if (report.doneMeanwhile > 0) {
    lines.push(
      `  ${countNoun(report.doneMeanwhile, "operation was", "operations were")} done by someone else between this run's read and its call (counted as already done).`,
    );
  }
  lines.push(
    `Calls: ${calls || "none"}; ${(report.durationMs / 1000).toFixed(1)} s${report.resumed > 0 ? `; ${countNoun(report.resumed, "repository", "repositories")} done by the earlier run` : ""}.`,
  );
  if (report.resilience) lines.push(renderResilience(report.resilience));
  for (const skipped of report.skipped.slice(0, LISTED)) {
    lines.push(
      `  skipped ${skipped.name} (${countNoun(skipped.operations, "operation", "operations")}): ${skipped.reason}`,
    );
  }
  if (report.skipped.length > LISTED) lines.push(`  … and ${report.skipped.length - LISTED} more skipped`);
  for (const conflict of report.conflicts.slice(0, LISTED)) {
    const changes = [
      ...conflict.added.map((user) => `+ ${user}`),
      ...conflict.removed.map((user) => `- ${user}`),
    ];
    lines.push(`  changed meanwhile ${conflict.name}: ${changes.join(", ")} by someone else`);
  }
  if (report.conflicts.length > LISTED)
    lines.push(`  … and ${report.conflicts.length - LISTED} more changed meanwhile (--json lists them all)`);
  if (report.conflicts.length > 0) {
    lines.push(
      "  Someone else wrote these ACLs while this run did: read back after its writes, they hold neither this plan's state nor, likely, theirs. Run verify to see the difference, then plan and apply again (one apply at a time).",
    );
  }
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
