import { existsSync } from "node:fs";
import { AuthenticationError, ConfigurationError, PermissionDeniedError } from "@sgkit/core";
import { LicenseRequiredError, type PermissionsClient } from "@sgkit/permissions";
import { createCallSlots } from "../concurrency.js";
import { aclFingerprint, readCurrentAcl } from "../plan/acl.js";
import type { PlanFile } from "../plan/plan-file.js";
import type { PlanRepository, PlanUser } from "../plan/plan-types.js";
import { type JournalEntry, openJournal, readJournal } from "./journal-file.js";
import { createRateLimiter } from "./rate-limiter.js";
import type { ApplyReport, FailedOperation, SkippedRepository } from "./report.js";

/** Where apply reports progress (a progress reporter, or nothing). */
export interface ApplyProgress {
  tick(outcome: "done" | "unchanged" | "failed" | "skipped", count?: number): void;
  log(line: string): void;
}

/** How {@link applyPlan} runs. Guardrails are checked before, by `checkGuardrails`. */
export interface ApplyPlanOptions {
  readonly permissions: PermissionsClient;
  /** Calls in flight at once. */
  readonly concurrency: number;
  /** Calls started per second at most; undefined for no limit. */
  readonly maxRps?: number;
  readonly journalPath: string;
  /** Continue the run the journal records: repositories it completed are not read or written again. */
  readonly resume: boolean;
  /** The identity the journal is bound to (the plan id). */
  readonly runId: string;
  readonly progress?: ApplyProgress;
  /** HTTP requests per method so far (from the clients' debug events). */
  readonly calls: () => Record<string, number>;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/**
 * The journal is written (and synced) every this many outcomes or this often, whichever comes first: a crash loses
 * at most a batch of outcomes, which resume re-reads from the instance rather than redoing.
 */
const JOURNAL_BATCH = 256;
const JOURNAL_INTERVAL_MS = 1000;

/**
 * Brings each planned repository to its desired ACL with the plan's own operations, safely:
 *
 * - re-reads the repository's ACL first and skips it when it drifted since the plan (anything but the plan's
 *   own operations, some of which an interrupted run may have done already, changed it);
 * - creates before deletes, so nobody loses access half-way through a change of hands;
 * - once any call has failed, starts no more deletes anywhere (like rclone): a failed create must not be
 *   followed by the revocation that assumed it;
 * - records every outcome in an append-only journal flushed per batch, so that `--resume` skips what finished.
 *
 * Authentication, permission and license errors stop the run at once (every other call would fail the same way).
 */
export async function applyPlan(plan: PlanFile, options: ApplyPlanOptions): Promise<ApplyReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const completed = new Set<number>();
  // A run stopped before its journal was written left nothing to skip: resuming it is starting it.
  const resume = options.resume && existsSync(options.journalPath);
  if (options.resume && !resume)
    options.progress?.log(`No journal at ${options.journalPath} yet: starting from the beginning.`);
  // Opened first: a journal of another plan is refused from its header, before its entries are read.
  const journal = await openJournal(options.journalPath, { planId: options.runId }, { resume });
  if (resume) {
    try {
      for (const entry of (await readJournal(options.journalPath)).entries) {
        if (entry.type === "repository" && entry.outcome === "completed") completed.add(entry.repository);
      }
    } catch (error) {
      await journal.close();
      throw error;
    }
  }
  const limiter = createRateLimiter(options.maxRps);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const slots = createCallSlots(options.concurrency, () => limiter.acquire(signal));
  const progress = options.progress;

  let created = 0;
  let deleted = 0;
  let unchanged = 0;
  let withheld = 0;
  let resumed = 0;
  let anyFailure = false;
  let fatal: { error: unknown } | undefined;
  const failed: FailedOperation[] = [];
  const skipped: SkippedRepository[] = [];
  let entries: JournalEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let flushedAt = now();

  const record = (entry: JournalEntry): Promise<void> => {
    entries.push(entry);
    const due = entries.length >= JOURNAL_BATCH || now() - flushedAt >= JOURNAL_INTERVAL_MS;
    return due ? flushJournal() : Promise.resolve();
  };
  const flushJournal = (): Promise<void> => {
    const batch = entries;
    entries = [];
    flushedAt = now();
    writing = writing.then(() => (batch.length > 0 ? journal.append(batch) : undefined));
    return writing;
  };

  const isFatal = (error: unknown): boolean =>
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof LicenseRequiredError ||
    error instanceof ConfigurationError ||
    (options.signal?.aborted ?? false);

  const fail = (
    repository: PlanRepository,
    op: "create" | "delete",
    user: PlanUser,
    error: unknown,
  ): void => {
    if (isFatal(error)) {
      fatal ??= { error };
      stop.abort(error);
      return;
    }
    anyFailure = true;
    const reason = error instanceof Error ? error.message : String(error);
    failed.push({
      repository: repository.repository,
      name: repository.name,
      op,
      user: user.user,
      label: user.label,
      reason,
    });
    progress?.tick("failed");
  };

  async function applyRepository(repository: PlanRepository): Promise<void> {
    const operations = repository.create.length + repository.delete.length;
    if (completed.has(repository.repository)) {
      resumed += 1;
      progress?.tick("unchanged", operations);
      return;
    }
    const current = await slots.run(() =>
      readCurrentAcl(options.permissions, repository.repository, { signal }),
    );
    if (drifted(repository, current)) {
      const reason = "its ACL changed since the plan was made: re-run plan";
      skipped.push({ repository: repository.repository, name: repository.name, reason, operations });
      progress?.log(`skipped ${repository.name}: ${reason}`);
      progress?.tick("skipped", operations);
      await record({ type: "repository", repository: repository.repository, outcome: "skipped", reason });
      return;
    }
    let repositoryFailed = false;
    /** One planned operation: skipped when the re-read ACL shows it done, else called, counted and journaled. */
    const run = async (op: "create" | "delete", user: PlanUser): Promise<void> => {
      if (current.has(user.user) === (op === "create")) {
        unchanged += 1;
        progress?.tick("unchanged");
        return;
      }
      if (op === "delete" && (anyFailure || fatal)) {
        withheld += 1;
        repositoryFailed = true;
        progress?.tick("skipped");
        return;
      }
      const entry = { type: "op", repository: repository.repository, user: user.user, op } as const;
      try {
        const { changed } = await slots.run(() =>
          op === "create"
            ? options.permissions.grant(repository.repository, user.user, { signal })
            : options.permissions.revoke(repository.repository, user.user, { signal }),
        );
        if (!changed) unchanged += 1;
        else if (op === "create") created += 1;
        else deleted += 1;
        progress?.tick(changed ? "done" : "unchanged");
        await record({ ...entry, outcome: changed ? "done" : "unchanged" });
      } catch (error) {
        repositoryFailed = true;
        fail(repository, op, user, error);
        if (!isFatal(error)) await record({ ...entry, outcome: "failed", error: (error as Error).message });
      }
    };
    // Every create of the repository settles before its first delete starts.
    await Promise.all(repository.create.map((user) => run("create", user)));
    await Promise.all(repository.delete.map((user) => run("delete", user)));
    if (!repositoryFailed && !fatal) {
      await record({ type: "repository", repository: repository.repository, outcome: "completed" });
    }
  }

  const iterator = plan.repositories()[Symbol.asyncIterator]();
  let iteratorError: { error: unknown } | undefined;
  async function worker(): Promise<void> {
    while (!fatal && !iteratorError) {
      let next: IteratorResult<PlanRepository>;
      try {
        next = await iterator.next();
      } catch (error) {
        iteratorError ??= { error };
        return;
      }
      if (next.done) return;
      try {
        await applyRepository(next.value);
      } catch (error) {
        if (isFatal(error)) {
          fatal ??= { error };
          stop.abort(error);
        } else {
          anyFailure = true;
          const reason = error instanceof Error ? error.message : String(error);
          const operations = next.value.create.length + next.value.delete.length;
          skipped.push({
            repository: next.value.repository,
            name: next.value.name,
            reason: `could not read its ACL: ${reason}`,
            operations,
          });
          progress?.tick("failed", operations);
        }
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await flushJournal();
    await journal.close();
  }
  if (fatal) throw (fatal as { error: unknown }).error;
  if (iteratorError) throw iteratorError.error;

  return {
    planId: plan.trailer.planId,
    created,
    deleted,
    unchanged,
    withheld,
    skipped,
    failed,
    resumed,
    calls: options.calls(),
    durationMs: now() - started,
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
