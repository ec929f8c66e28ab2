import type { GrantOutcome, PermissionsClient, RevokeOutcome } from "@sgkit/permissions";
import type { CallContext } from "../resilience.js";

// What every step that writes an ACL does alike (apply's runs, the bridge's calls): one Create or Delete judged
// with the attempts the resilience made for it, and the read-back that tells whether someone else changed the ACL
// while it was written.

/** How one write ended, as a run counts it: see {@link writePermission}. */
export type WriteOutcome = GrantOutcome | RevokeOutcome;

/**
 * One Create (`op: "create"`) or Delete of `user` on `repository`. The resilience retries beneath the client,
 * which then sees one attempt: a write answered "already done" after a retry (`context.attempts > 1`) was most
 * likely made by this call's lost first attempt, so it is reported as `present-after-retry` / `absent-after-retry`
 * rather than as found done (as the client itself reports when it retries).
 */
export async function writePermission(
  permissions: PermissionsClient,
  op: "create" | "delete",
  repository: number,
  user: number,
  signal: AbortSignal | undefined,
  context: Pick<CallContext, "attempts">,
): Promise<WriteOutcome> {
  const options = signal ? { signal } : {};
  const { outcome } =
    op === "create"
      ? await permissions.grant(repository, user, options)
      : await permissions.revoke(repository, user, options);
  if (context.attempts > 1 && outcome === "already-present") return "present-after-retry";
  if (context.attempts > 1 && outcome === "already-absent") return "absent-after-retry";
  return outcome;
}

/** Whether a write's outcome was this run's doing (made now, or by its own lost first attempt). */
export function madeByThisRun(outcome: WriteOutcome): boolean {
  return outcome !== "already-present" && outcome !== "already-absent";
}

/** Who someone else added to and removed from an ACL, by user id, ascending. */
export interface ReadBackDifference {
  readonly added: number[];
  readonly removed: number[];
}

/**
 * The read-back of a repository's ACL (`after`) against what a run's writes make of the ACL it read before them
 * (`expected`); users whose write failed (`uncertain`) may be either way. Undefined when it matches: the run's
 * state is there. The HTTP API has no conditional write, so this is how a writer knows it, and finds out that
 * someone else changed the ACL meanwhile rather than claiming their state as its own.
 */
export function readBackDifference(
  expected: ReadonlySet<number>,
  uncertain: ReadonlySet<number>,
  after: ReadonlySet<number>,
): ReadBackDifference | undefined {
  const added = [...after].filter((user) => !expected.has(user) && !uncertain.has(user));
  const removed = [...expected].filter((user) => !after.has(user) && !uncertain.has(user));
  if (added.length + removed.length === 0) return undefined;
  return { added: added.sort((a, b) => a - b), removed: removed.sort((a, b) => a - b) };
}
