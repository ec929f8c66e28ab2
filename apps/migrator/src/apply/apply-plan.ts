import { stat } from "node:fs/promises";
import { AuthenticationError, ConfigurationError, PermissionDeniedError } from "@sgkit/core";
import { LicenseRequiredError, type PermissionsClient } from "@sgkit/permissions";
import { createCallSlots } from "../concurrency.js";
import { MigratorError } from "../migrator-error.js";
import { aclFingerprint, readCurrentAcl } from "../plan/acl.js";
import type { PlanFile } from "../plan/plan-file.js";
import type { PlanRepository, PlanUser } from "../plan/plan-types.js";
import { countNoun } from "../plan/render-plan.js";
import { type CallContext, OutageError, type Resilience } from "../resilience.js";
import { madeByThisRun, readBackDifference, writePermission } from "./acl-writes.js";
import {
  type Journal,
  type JournalEntry,
  type JournalHeaderValue,
  type JournalInternals,
  openJournal,
  readJournal,
} from "./journal-file.js";
import { createRateLimiter } from "./rate-limiter.js";
import type {
  ApplyReport,
  ConflictedRepository,
  FailedOperation,
  ResilienceReport,
  SkippedRepository,
} from "./report.js";

/** Where apply reports progress (a progress reporter, or nothing). */
export interface ApplyProgress {
  tick(outcome: "done" | "unchanged" | "failed" | "skipped", count?: number): void;
  log(line: string): void;
}

/** How {@link applyPlan} runs. Guardrails are checked before, by `checkGuardrails`. */
export interface ApplyPlanOptions {
  readonly permissions: PermissionsClient;
  /** Calls in flight at once (with `resilience`: repositories in progress at once; its slots bound the calls). */
  readonly concurrency: number;
  /** Calls started per second at most; undefined for no limit. Not used with `resilience`, whose slots pace calls. */
  readonly maxRps?: number;
  /**
   * The run's retries and call slots, which the clients' requests already go through (the CLI builds its clients
   * on them; see `resilience.ts`). Given, apply leaves the bound on calls in flight to its slots, stops its waits on
   * `stop`, tells a write confirmed by its own retry from one found done, counts retries and waits in the report,
   * and stops when it gives up (the server is gone), with its journal for `resume`.
   */
  readonly resilience?: Resilience;
  readonly journalPath: string;
  /**
   * Continue the run the journal records: repositories it completed are not read or written again. The journal
   * must be this plan's, and not finished (a finished journal is never resumed). Without a journal, the run
   * starts from the beginning.
   */
  readonly resume: boolean;
  /** The identity the journal is bound to: the plan id, which covers the plan's operations. */
  readonly runId: string;
  /** More fields for the header of a new journal (flat JSON values). */
  readonly journalHeader?: Readonly<Record<string, JournalHeaderValue>>;
  readonly progress?: ApplyProgress;
  /** HTTP requests per method so far (from the clients' debug events). */
  readonly calls: () => Record<string, number>;
  /**
   * Stops the run: once it aborts, no call starts; the calls in flight finish and are journaled, and `applyPlan`
   * resolves with an `interrupted` report that `resume` continues.
   */
  readonly stop?: AbortSignal;
  /** Aborts the calls in flight too (and stops the run, as `stop` does). */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Test seams, outside semver. */
  readonly internal?: { readonly journal?: JournalInternals };
}

/**
 * The journal could not be written, so the run stopped: no call started after the failure, and the calls in
 * flight were let finish. `report` says what the run did; `--resume` continues once the cause is fixed.
 */
export class JournalWriteError extends MigratorError {
  override readonly name = "JournalWriteError";
  readonly report: ApplyReport;

  constructor(message: string, report: ApplyReport, cause: unknown) {
    super(message, { cause });
    this.report = report;
  }
}

/**
 * The run gave up on the server (no call succeeded for `--max-outage`): no call was started after that, the
 * journal holds every outcome, and `resume` continues once the server answers. `report` says what the run did.
 */
export class ApplyGaveUpError extends MigratorError {
  override readonly name = "ApplyGaveUpError";
  readonly report: ApplyReport;
  readonly outage: OutageError;

  constructor(outage: OutageError, report: ApplyReport) {
    super(outage.message, { cause: outage });
    this.outage = outage;
    this.report = report;
  }
}

/** The report's account of retries, waits and the concurrency limit. */
function resilienceReport(resilience: Resilience): ResilienceReport {
  const stats = resilience.stats();
  return {
    retries: stats.retries,
    waits: stats.waits,
    waitedMs: stats.waitedMs,
    budgetWaits: stats.budgetWaits,
    failures: stats.failures,
    concurrencyLimit: resilience.slots.limit,
  };
}

/**
 * The journal is written (and synced) every this many outcomes or this often, whichever comes first: a crash loses
 * at most a batch of outcomes, which resume re-reads from the instance rather than redoing.
 */
const JOURNAL_BATCH = 256;
const JOURNAL_INTERVAL_MS = 1000;

/** Thrown in place of a call that was not started because the run is stopping. */
const NOT_STARTED: unique symbol = Symbol("not started");

/**
 * Brings each planned repository to its desired ACL with the plan's own operations, safely:
 *
 * - re-reads the repository's ACL first and skips it when it drifted since the plan (anything but the plan's
 *   own operations, some of which an interrupted run may have done already, changed it);
 * - creates before deletes, so nobody loses access half-way through a change of hands;
 * - once any call has failed, starts no more deletes anywhere (like rclone): a failed create must not be
 *   followed by the revocation that assumed it;
 * - reads the ACL back after writing it, and reports a repository that someone else changed meanwhile rather
 *   than claiming it (the HTTP API has no conditional write, so this is how a run knows its state is there);
 * - records every outcome in an append-only journal flushed per batch, so that `resume` skips what finished; once
 *   the journal cannot be written, starts no more calls, lets those in flight finish, and throws
 *   {@link JournalWriteError};
 * - on `stop`, starts no more calls and lets those in flight finish; on `signal`, aborts them too.
 *
 * Authentication, permission and license errors stop the run at once (every other call would fail the same way).
 *
 * @throws MigratorError before any call when the journal is another plan's, finished, or (without `resume`)
 *   already there; `JournalDamagedError` for a damaged journal.
 */
export async function applyPlan(plan: PlanFile, options: ApplyPlanOptions): Promise<ApplyReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const progress = options.progress;
  const { journal, completed } = await openRunJournal(options);

  const limiter = createRateLimiter(options.maxRps);
  // `halt` stops new calls (a journal error); `abort` also cuts the calls in flight (a fatal error).
  const halt = new AbortController();
  const abort = new AbortController();
  const callSignal = AbortSignal.any([abort.signal, ...(options.signal ? [options.signal] : [])]);
  const startSignal = AbortSignal.any([halt.signal, callSignal, ...(options.stop ? [options.stop] : [])]);
  const resilience = options.resilience;
  const slots = resilience
    ? undefined
    : createCallSlots({
        ceiling: options.concurrency,
        before: () =>
          limiter.acquire(startSignal).catch(() => {
            throw NOT_STARTED;
          }),
      });
  /**
   * Runs one call (in a slot of apply's own, or through the resilience's), unless the run is stopping by then.
   * `context.attempts` counts the attempts its requests took.
   */
  const call = <T>(fn: (signal: AbortSignal, context: CallContext) => Promise<T>): Promise<T> => {
    const context: CallContext = { stop: startSignal, attempts: 0, stopped: false };
    if (slots) {
      return slots.run(() => {
        if (startSignal.aborted) return Promise.reject(NOT_STARTED);
        return fn(callSignal, context);
      });
    }
    if (startSignal.aborted) return Promise.reject(NOT_STARTED);
    return (resilience as Resilience)
      .within(context, () => fn(callSignal, context))
      .catch((error: unknown) => {
        // A wait that the stop cut short: no attempt of it is in flight; a resume reads the repository again.
        if (context.stopped) throw NOT_STARTED;
        throw resilience?.failure() ?? error;
      });
  };

  let created = 0;
  let deleted = 0;
  let confirmedByRetry = 0;
  let unchanged = 0;
  let doneMeanwhile = 0;
  let withheld = 0;
  let notStarted = 0;
  let resumed = 0;
  let anyFailure = false;
  /** Something is left that a resume would do: the journal is not finished. */
  let unfinished = false;
  let fatal: { error: unknown } | undefined;
  let journalError: { error: unknown } | undefined;
  const failed: FailedOperation[] = [];
  const skipped: SkippedRepository[] = [];
  const conflicts: ConflictedRepository[] = [];
  let entries: JournalEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let flushedAt = now();

  /** Resolves once a batch it completes is on disk, so a slow disk slows the run rather than filling memory. */
  const record = (entry: JournalEntry): Promise<void> => {
    if (journalError) return Promise.resolve();
    entries.push(entry);
    const due = entries.length >= JOURNAL_BATCH || now() - flushedAt >= JOURNAL_INTERVAL_MS;
    return due ? flushJournal() : Promise.resolve();
  };
  /** Never rejects: a failed append stops the run (no call starts after it) and is reported at the end. */
  const flushJournal = (): Promise<void> => {
    const batch = entries;
    entries = [];
    flushedAt = now();
    writing = writing.then(async () => {
      if (batch.length === 0 || journalError) return;
      try {
        await journal.append(batch);
      } catch (error) {
        journalError ??= { error };
        unfinished = true;
        halt.abort(error);
      }
    });
    return writing;
  };

  const isFatal = (error: unknown): boolean =>
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof LicenseRequiredError ||
    error instanceof ConfigurationError ||
    // The server is gone: every other call would wait and fail the same way.
    error instanceof OutageError;
  const setFatal = (error: unknown): void => {
    fatal ??= { error };
    unfinished = true;
    abort.abort(error);
  };
  /** Cut in flight by `signal` (a second Ctrl-C). */
  const cut = (error: unknown): boolean =>
    options.signal?.aborted === true && error === options.signal.reason;
  const reasonOf = (error: unknown): string => {
    if (cut(error)) {
      return "aborted in flight (a second Ctrl-C): whether it was applied is not known; --resume reads it again";
    }
    return error instanceof Error ? error.message : String(error);
  };

  async function applyRepository(repository: PlanRepository): Promise<void> {
    const operations = repository.create.length + repository.delete.length;
    if (completed.has(repository.repository)) {
      resumed += 1;
      progress?.tick("unchanged", operations);
      return;
    }
    let current: Set<number>;
    try {
      current = await call((signal) =>
        readCurrentAcl(options.permissions, repository.repository, { signal }),
      );
    } catch (error) {
      if (error === NOT_STARTED || cut(error)) {
        notStarted += operations;
        unfinished = true;
        return;
      }
      if (isFatal(error)) return setFatal(error);
      anyFailure = true;
      unfinished = true;
      skipped.push({
        repository: repository.repository,
        name: repository.name,
        reason: `could not read its ACL: ${reasonOf(error)}`,
        operations,
      });
      progress?.tick("failed", operations);
      return;
    }
    if (drifted(repository, current)) {
      const reason = "its ACL changed since the plan was made: re-run plan";
      skipped.push({ repository: repository.repository, name: repository.name, reason, operations });
      progress?.log(`skipped ${repository.name}: ${reason}`);
      progress?.tick("skipped", operations);
      await record({ type: "repository", repository: repository.repository, outcome: "skipped", reason });
      return;
    }

    /** The ACL this run's writes make of `current`; users whose write failed may be either way. */
    const expected = new Set(current);
    const uncertain = new Set<number>();
    let wrote = false;
    let incomplete = false;
    /** One planned operation: skipped when the re-read ACL shows it done, else called, counted and journaled. */
    const run = async (op: "create" | "delete", user: PlanUser): Promise<void> => {
      if (current.has(user.user) === (op === "create")) {
        unchanged += 1;
        progress?.tick("unchanged");
        return;
      }
      if (fatal?.error instanceof OutageError) {
        // The run gave up on the server: what is left is not started, for a resume, rather than withheld.
        notStarted += 1;
        incomplete = true;
        return;
      }
      if (op === "delete" && (anyFailure || fatal)) {
        withheld += 1;
        incomplete = true;
        progress?.tick("skipped");
        return;
      }
      const entry = { type: "op", repository: repository.repository, user: user.user, op } as const;
      try {
        const outcome = await call((signal, context) =>
          writePermission(options.permissions, op, repository.repository, user.user, signal, context),
        );
        if (op === "create") expected.add(user.user);
        else expected.delete(user.user);
        wrote = true;
        if (outcome === "created") created += 1;
        else if (outcome === "deleted") deleted += 1;
        else if (outcome === "present-after-retry" || outcome === "absent-after-retry") {
          // Most likely this call's own first attempt, whose answer was lost: not "already done".
          confirmedByRetry += 1;
        } else {
          // Found done at its one attempt, though the read just before showed it needed: someone else did it.
          unchanged += 1;
          doneMeanwhile += 1;
        }
        const mine = madeByThisRun(outcome);
        progress?.tick(mine ? "done" : "unchanged");
        await record({ ...entry, outcome: mine ? "done" : "unchanged" });
      } catch (error) {
        if (error === NOT_STARTED) {
          notStarted += 1;
          incomplete = true;
          return;
        }
        incomplete = true;
        if (isFatal(error)) return setFatal(error);
        // It may have been applied (a lost answer, then failed retries): the read-back accepts either state.
        uncertain.add(user.user);
        wrote = true;
        anyFailure = true;
        const reason = reasonOf(error);
        failed.push({
          repository: repository.repository,
          name: repository.name,
          op,
          user: user.user,
          label: user.label,
          reason,
        });
        progress?.tick("failed");
        await record({ ...entry, outcome: "failed", error: reason });
      }
    };
    // Every create of the repository settles before its first delete starts.
    await Promise.all(repository.create.map((user) => run("create", user)));
    await Promise.all(repository.delete.map((user) => run("delete", user)));
    if (fatal) return;
    if (wrote) {
      // Read back: a run never claims a state that is not there.
      let after: Set<number>;
      try {
        after = await call((signal) =>
          readCurrentAcl(options.permissions, repository.repository, { signal }),
        );
      } catch (error) {
        unfinished = true;
        if (error === NOT_STARTED || cut(error)) return;
        if (isFatal(error)) return setFatal(error);
        anyFailure = true;
        skipped.push({
          repository: repository.repository,
          name: repository.name,
          reason: `its writes were made, but reading its ACL back failed (${reasonOf(error)}); --resume reads it again`,
          operations: 0,
        });
        return;
      }
      const conflict = compareReadBack(repository, expected, uncertain, after);
      if (conflict !== undefined) {
        conflicts.push(conflict);
        const reason = `someone else changed it during this run (${[...conflict.added.map((user) => `+ ${user}`), ...conflict.removed.map((user) => `- ${user}`)].join(", ")}): re-run plan`;
        progress?.log(`changed meanwhile ${repository.name}: ${reason}`);
        await record({ type: "repository", repository: repository.repository, outcome: "conflict", reason });
        return;
      }
    }
    if (incomplete) {
      unfinished = true;
      return;
    }
    await record({ type: "repository", repository: repository.repository, outcome: "completed" });
  }

  const iterator = plan.repositories()[Symbol.asyncIterator]();
  let iteratorError: { error: unknown } | undefined;
  async function worker(): Promise<void> {
    while (!startSignal.aborted && !iteratorError) {
      let next: IteratorResult<PlanRepository>;
      try {
        next = await iterator.next();
      } catch (error) {
        iteratorError ??= { error };
        return;
      }
      if (next.done) return;
      await applyRepository(next.value);
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    if (startSignal.aborted && !fatal && !iteratorError) {
      // Count what the stop left out, so the report says how much a resume has left.
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          notStarted += next.value.create.length + next.value.delete.length;
          unfinished = true;
        }
      } catch {
        // The plan cannot be read to its end: a resume will say why; this run stops anyway.
        unfinished = true;
      }
    }
  } finally {
    await iterator.return?.();
    if (!unfinished && !fatal && !iteratorError && !journalError) {
      await record({ type: "finished", at: new Date(now()).toISOString() });
    }
    await flushJournal();
    await journal.close();
  }
  const gaveUp = fatal?.error instanceof OutageError ? fatal.error : undefined;
  if (fatal && !gaveUp) throw fatal.error;
  if (iteratorError) throw iteratorError.error;

  const interrupted =
    !journalError && unfinished && ((options.stop?.aborted ?? false) || (options.signal?.aborted ?? false));
  const report: ApplyReport = {
    planId: plan.trailer.planId,
    created,
    deleted,
    confirmedByRetry,
    unchanged,
    doneMeanwhile,
    withheld,
    notStarted,
    skipped,
    failed,
    conflicts,
    resumed,
    interrupted,
    finished: !unfinished && !journalError,
    calls: options.calls(),
    ...(resilience ? { resilience: resilienceReport(resilience) } : {}),
    durationMs: now() - started,
  };
  if (gaveUp) throw new ApplyGaveUpError(gaveUp, report);
  if (journalError) {
    const cause = journalError.error;
    throw new JournalWriteError(
      `${cause instanceof Error ? cause.message : String(cause)}. No call was started after that, and the calls in flight were let finish. Free space on the journal's disk (or fix the cause), then continue with --resume: it reads again every repository the journal does not record as completed, so no write is made twice.`,
      report,
      cause,
    );
  }
  return report;
}

/**
 * Opens the run's journal: a new one, or with `resume` the plan's unfinished one, whose completed repositories
 * are returned. Refuses another plan's journal, a finished journal, and an existing journal without `resume`.
 */
async function openRunJournal(
  options: ApplyPlanOptions,
): Promise<{ journal: Journal; completed: Set<number> }> {
  const path = options.journalPath;
  const open = (resume: boolean) =>
    openJournal(
      path,
      { ...options.journalHeader, planId: options.runId },
      { resume, ...(options.internal?.journal ? { internal: options.internal.journal } : {}) },
    );
  const exists = await stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw new MigratorError(`${path}: cannot read the journal: ${error.message}`, { cause: error });
    },
  );
  if (!exists) {
    if (options.resume) options.progress?.log(`No journal at ${path} yet: starting from the beginning.`);
    return { journal: await open(false), completed: new Set() };
  }
  const contents = await readJournal(path);
  if (contents.header.planId !== options.runId) {
    throw new MigratorError(
      `${path}: this journal is for plan ${contents.header.planId.slice(0, 12)}…, not this one (${options.runId.slice(0, 12)}…); resume that plan with it, or pass another --journal to apply this one (a journal is never overwritten)`,
    );
  }
  if (contents.finishedAt !== undefined) {
    throw new MigratorError(
      `${path}: this plan was applied already, to its end (its journal finished at ${contents.finishedAt}); a finished journal is never resumed, and a plan is applied once. If the instance changed since, run verify to see how, then plan again and apply the new plan.`,
    );
  }
  if (!options.resume) {
    const done = completedRepositories(contents.entries).size;
    throw new MigratorError(
      `${path}: an apply of this plan stopped before the end (${countNoun(done, "repository", "repositories")} completed); continue it with --resume, which reads again what is not done, or move the journal away to start over (a journal is never overwritten)`,
    );
  }
  return { journal: await open(true), completed: completedRepositories(contents.entries) };
}

function completedRepositories(entries: readonly JournalEntry[]): Set<number> {
  const completed = new Set<number>();
  for (const entry of entries) {
    if (entry.type === "repository" && entry.outcome === "completed") completed.add(entry.repository);
  }
  return completed;
}

/**
 * The read-back of a repository against what this run's writes make of the ACL read before them (users whose
 * write failed may be either way): undefined when it matches, else who someone else added and removed.
 */
function compareReadBack(
  repository: PlanRepository,
  expected: ReadonlySet<number>,
  uncertain: ReadonlySet<number>,
  after: ReadonlySet<number>,
): ConflictedRepository | undefined {
  const difference = readBackDifference(expected, uncertain, after);
  if (difference === undefined) return undefined;
  const labels = new Map<number, string>();
  for (const user of [...repository.create, ...repository.delete]) labels.set(user.user, user.label);
  const label = (user: number): string => labels.get(user) ?? `users/${user}`;
  return {
    repository: repository.repository,
    name: repository.name,
    added: difference.added.map(label),
    removed: difference.removed.map(label),
  };
}

/**
 * Whether the repository's ACL changed since the plan in any way but the plan's own operations: undoing them
 * (removing planned creates, restoring planned deletes) must give back exactly the ACL the plan saw.
 */
export function drifted(repository: PlanRepository, current: ReadonlySet<number>): boolean {
  const observed = new Set(current);
  for (const { user } of repository.create) observed.delete(user);
  for (const { user } of repository.delete) observed.add(user);
  return (
    observed.size !== repository.observed.count ||
    aclFingerprint(observed) !== repository.observed.fingerprint
  );
}
