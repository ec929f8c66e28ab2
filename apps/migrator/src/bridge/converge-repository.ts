import { AuthenticationError, PermissionDeniedError } from "@sgkit/core";
import { LicenseRequiredError, type PermissionsClient } from "@sgkit/permissions";
import { madeByThisRun, readBackDifference, writePermission } from "../apply/acl-writes.js";
import type { Journal, JournalEntry } from "../apply/journal-file.js";
import { diffAcl, readCurrentAcl } from "../plan/acl.js";
import { type CallContext, OutageError, type Resilience } from "../resilience.js";

// One legacy call made on the HTTP API: the repository's ACL brought to the one the call asked for with the fewest
// calls, by apply's rules (see `apply/apply-plan.ts`): read the ACL (List), diff, every create settled before the
// first delete (nobody loses access half-way through a change of hands), no delete after a failed write, the ACL
// read back, and someone else's change seen there reported rather than claimed. Every write is journaled.

/** How a call ended. */
export type ConvergeOutcome =
  /** Writes were made and the ACL read back as asked. */
  | "converged"
  /** The ACL already was as asked: nothing written. */
  | "unchanged"
  /** `--dry-run`: what would be written was counted, nothing was. */
  | "dry-run"
  /** A write failed (the server refused it, or it failed past the retries): the ACL may be partly changed. */
  | "failed"
  /** The read-back showed someone else's change made meanwhile. */
  | "conflict";

/** What one call did. */
export interface ConvergeResult {
  readonly outcome: ConvergeOutcome;
  /** Creates made (or, dry, that would be). */
  readonly creates: number;
  /** Deletes made (or, dry, that would be). */
  readonly deletes: number;
  /** Why it failed or is in conflict, in a sentence a legacy client can show. */
  readonly problem?: string;
  /** With `--dry-run`: the user ids that would be created and deleted, ascending. */
  readonly wouldWrite?: { readonly create: readonly number[]; readonly delete: readonly number[] };
}

/** What a convergence needs from the bridge. */
export interface ConvergeContext {
  readonly permissions: PermissionsClient;
  readonly resilience: Resilience;
  /** Undefined with `--dry-run`. */
  readonly journal: Journal | undefined;
  readonly dryRun: boolean;
}

/**
 * Brings `repository`'s explicit ACL to exactly `desired` (user ids). Errors of the reads, and refusals that stop
 * every write (authentication, permission, license, the server gone), are thrown for the caller to answer with;
 * a failed write is an outcome (`failed`), after which no delete is made.
 */
export async function convergeRepository(
  context: ConvergeContext,
  repository: number,
  desired: ReadonlySet<number>,
): Promise<ConvergeResult> {
  const current = await call(context, () => readCurrentAcl(context.permissions, repository));
  const diff = diffAcl(desired, current);
  if (diff.create.length + diff.delete.length === 0) return { outcome: "unchanged", creates: 0, deletes: 0 };
  if (context.dryRun) {
    return {
      outcome: "dry-run",
      creates: diff.create.length,
      deletes: diff.delete.length,
      wouldWrite: { create: diff.create, delete: diff.delete },
    };
  }
  return writeAcl(context, repository, current, diff.create, diff.delete);
}

/**
 * Grants `users` on `repository` (pending permissions whose users now exist): creates only, read back. An
 * ACL that already holds them is left as it is.
 */
export async function grantUsers(
  context: ConvergeContext,
  repository: number,
  users: readonly number[],
): Promise<ConvergeResult> {
  const current = await call(context, () => readCurrentAcl(context.permissions, repository));
  const create = users.filter((user) => !current.has(user));
  if (create.length === 0) return { outcome: "unchanged", creates: 0, deletes: 0 };
  if (context.dryRun) {
    return { outcome: "dry-run", creates: create.length, deletes: 0, wouldWrite: { create, delete: [] } };
  }
  return writeAcl(context, repository, current, create, []);
}

async function writeAcl(
  context: ConvergeContext,
  repository: number,
  current: ReadonlySet<number>,
  create: readonly number[],
  remove: readonly number[],
): Promise<ConvergeResult> {
  const expected = new Set(current);
  const uncertain = new Set<number>();
  const entries: JournalEntry[] = [];
  const failures: string[] = [];
  let creates = 0;
  let deletes = 0;
  const write = async (op: "create" | "delete", user: number): Promise<void> => {
    try {
      const outcome = await call(context, (callContext) =>
        writePermission(context.permissions, op, repository, user, undefined, callContext),
      );
      if (op === "create") expected.add(user);
      else expected.delete(user);
      const mine = madeByThisRun(outcome);
      if (mine && op === "create") creates += 1;
      if (mine && op === "delete") deletes += 1;
      entries.push({ type: "op", repository, user, op, outcome: mine ? "done" : "unchanged" });
    } catch (error) {
      if (isStopping(error)) throw error;
      // It may have been applied (a lost answer, then failed retries): the read-back accepts either state.
      uncertain.add(user);
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${op} of users/${user}: ${reason}`);
      entries.push({ type: "op", repository, user, op, outcome: "failed", error: reason });
    }
  };
  try {
    // Every create settles before the first delete starts; no delete follows a failed write.
    await Promise.all(create.map((user) => write("create", user)));
    if (failures.length === 0) await Promise.all(remove.map((user) => write("delete", user)));
  } finally {
    if (entries.length > 0) await context.journal?.append(entries);
  }
  if (failures.length > 0) {
    const withheld = remove.length > 0 ? `; its ${remove.length} delete(s) were not made` : "";
    const problem = `${failures.length} write(s) failed (${failures.slice(0, 3).join("; ")})${withheld}`;
    await context.journal?.append([{ type: "repository", repository, outcome: "skipped", reason: problem }]);
    return { outcome: "failed", creates, deletes, problem };
  }
  // Read back: the bridge never claims a state that is not there.
  const after = await call(context, () => readCurrentAcl(context.permissions, repository));
  const difference = readBackDifference(expected, uncertain, after);
  if (difference !== undefined) {
    const changes = [
      ...difference.added.map((user) => `+ users/${user}`),
      ...difference.removed.map((user) => `- users/${user}`),
    ].join(", ");
    const problem = `someone else changed its ACL while this call was applied (${changes})`;
    await context.journal?.append([{ type: "repository", repository, outcome: "conflict", reason: problem }]);
    return { outcome: "conflict", creates, deletes, problem };
  }
  await context.journal?.append([{ type: "repository", repository, outcome: "completed" }]);
  return { outcome: "converged", creates, deletes };
}

/** One client call in the run's resilience, with the attempts it took counted. */
function call<T>(context: ConvergeContext, fn: (callContext: CallContext) => Promise<T>): Promise<T> {
  const callContext: CallContext = { attempts: 0, stopped: false };
  return context.resilience.within(callContext, () => fn(callContext));
}

/** Errors after which no write of any call can succeed: thrown, for the bridge to answer and decide on. */
function isStopping(error: unknown): boolean {
  return (
    error instanceof OutageError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof LicenseRequiredError
  );
}
