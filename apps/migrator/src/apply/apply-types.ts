// The boundary between applying and reporting: what an apply did.

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
