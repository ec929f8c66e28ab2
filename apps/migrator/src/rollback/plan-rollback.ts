import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { encodeNodeId, type GraphQLClient } from "@sgkit/graphql";
import type { PermissionsClient } from "@sgkit/permissions";
import { type JournalContents, JournalDamagedError, readJournal } from "../apply/journal-file.js";
import { processState } from "../apply/run-lock.js";
import { type CallSlots, LOOKAHEAD_PER_SLOT, mapInOrder } from "../concurrency.js";
import { MigratorError } from "../migrator-error.js";
import { aclFingerprint, createAclReader } from "../plan/acl.js";
import { type PlanFile, readPlanFile } from "../plan/plan-file.js";
import { type PlanInput, type PlanRepository, type PlanTotals, zeroTotals } from "../plan/plan-types.js";
import { countNoun } from "../plan/render-plan.js";
import { LOOKUP_CONCURRENCY } from "../resolve/repositories.js";
import { createUserLabeler } from "../resolve/users.js";

// Rollback: the inverse of the writes an apply's (or a bridge's) journal records, planned like any plan (so that
// apply applies it exactly, guarded, journaled and drift-checked), from the state those writes left.

/** What {@link planRollback} needs. */
export interface PlanRollbackOptions {
  readonly graphql: GraphQLClient;
  readonly permissions: PermissionsClient;
  /** The instance the rollback writes to (normalized): a journal of an apply to another instance is refused. */
  readonly endpoint: string;
  /** ACL reads in flight at once (with `slots`: repositories in progress at once; the slots bound the calls). */
  readonly concurrency: number;
  /**
   * The call slots the clients' requests already run in, one per attempt (the CLI's). Given, the rollback leaves
   * the bound on calls in flight to them; absent, it runs its ACL reads in slots of its own.
   */
  readonly slots?: CallSlots;
  readonly signal?: AbortSignal;
  /** Receives the journal once it is read and checked, before any call to the instance (the CLI's preflight). */
  readonly onJournal?: (journal: RolledBackJournal) => Promise<void> | void;
  /** Receives each repository the rollback changes, in journal order. */
  readonly onRepository: (repository: PlanRepository) => Promise<void> | void;
}

/** The journal a rollback undoes. */
export interface RolledBackJournal {
  /** The journal as a plan input: its path, `ndjson`, its SHA-256 and size. */
  readonly input: PlanInput;
  /** What wrote it: `apply`, or `bridge` (`sgkit-migrate bridge`, header `command: "bridge"`). */
  readonly command: "apply" | "bridge";
  /** The plan id of the apply it records (a bridge's run id). */
  readonly planId: string;
  /** When that apply (or bridge) started and finished or stopped (ISO 8601). */
  readonly startedAt: string;
  /**
   * Undefined only for a bridge that stopped without recording it (a crash, `kill -9`): a write in flight then may
   * be missing from its journal, and is then not undone.
   */
  readonly finishedAt: string | undefined;
}

/** A repository the rollback leaves alone, because its ACL is not the state the apply's writes left. */
export interface DriftedRepository {
  readonly repository: number;
  /** Its name, or `repositories/<id>` when the instance no longer shows it. */
  readonly name: string;
  /** Where the journal first names it: `apply.journal:12`. */
  readonly source: string;
  readonly reason: string;
}

/** What {@link planRollback} found. */
export interface RollbackSummary {
  readonly journal: RolledBackJournal;
  /**
   * The apply's plan file, when it was found beside the journal (or where the journal's header names it) with the
   * journal's plan id: each repository's whole ACL is then checked against the state the plan read plus the
   * journaled writes, not only the users those writes touched.
   */
  readonly planFile: string | undefined;
  readonly totals: PlanTotals;
  /** Repositories left alone, at most {@link MAX_LISTED_DRIFTED}; `driftedCount` counts them all. */
  readonly drifted: readonly DriftedRepository[];
  readonly driftedCount: number;
}

/** Drifted repositories beyond this many are counted, not listed. */
export const MAX_LISTED_DRIFTED = 1000;

/** How the apply (or bridge) found and left one user of one repository, by its journal. */
interface Written {
  /** Whether the user had the permission before the first write to it (the state a rollback brings back). */
  readonly before: boolean;
  /**
   * Whether the last write left the permission (`true`: granted, `false`: revoked), or `undefined` when that
   * write's calls failed, so it may or may not have been made. A bridge may write one user several times.
   */
  after: boolean | undefined;
}

/** A repository the journal records writes on. */
interface JournaledRepository {
  readonly repository: number;
  /** The journal's line of its first entry. */
  readonly line: number;
  readonly users: Map<number, Written>;
}

/**
 * Plans the rollback of the apply that `journalPath` records: for each of its writes, the inverse (a grant it made
 * is revoked, a revocation it made is granted back), and for a write whose call failed (it may have been made: a
 * lost answer), whatever brings that user back to where the apply found it. A permission the apply found already
 * in place is not its write and is left alone.
 *
 * Every repository is read first, and one whose ACL is not what the apply's writes left is not planned but
 * reported (`drifted`): someone changed it since, and the rollback would undo their change or miss it. The users
 * the writes touched are checked always; with the apply's plan file (found beside the journal, `<plan>.journal`,
 * or where its header names it, and only with the journal's plan id) the whole ACL is: with the writes undone it
 * must be exactly the ACL the plan read. Each planned repository's `observed` is the ACL read now, so applying the
 * rollback plan skips a repository that changes again before it is applied, as any apply does.
 *
 * A bridge's journal (header `command: "bridge"`) is rolled back the same way, every write it records inverted,
 * once the bridge has stopped: its stop is recorded in the journal, or (a crash) the process that wrote it, on this
 * machine, is gone. A bridge has no plan, so only the users it wrote are checked.
 *
 * @throws {MigratorError} before any call, naming the journal (and line), for a journal that is not one, is
 *   damaged, is unfinished (its apply stopped, crashed or is still running: finish it first), is a bridge's that
 *   may still be running (stop it first), or records writes to another instance.
 */
export async function planRollback(
  journalPath: string,
  options: PlanRollbackOptions,
): Promise<RollbackSummary> {
  const contents = await readCheckedJournal(journalPath, options.endpoint);
  const command = isBridgeJournal(contents) ? "bridge" : "apply";
  const journal: RolledBackJournal = {
    input: { path: journalPath, format: "ndjson", ...(await digestOf(journalPath)) },
    command,
    planId: contents.header.planId,
    startedAt: contents.header.startedAt,
    finishedAt: contents.finishedAt,
  };
  const repositories = journaledRepositories(contents);
  await options.onJournal?.(journal);

  // A bridge has no plan: only the users it wrote can be checked.
  const planFile = command === "bridge" ? undefined : await findPlanFile(journalPath, contents);
  const observedByPlan = planFile ? await observedStates(planFile, repositories) : undefined;

  const signal = options.signal;
  const stop = new AbortController();
  const readOptions = { signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal };
  const names = await repositoryNames(options.graphql, repositories.keys(), readOptions);
  const labeler = createUserLabeler(options.graphql, new Map(), readOptions);
  const readAcl = createAclReader(options, readOptions);

  const totals = zeroTotals();
  const drifted: DriftedRepository[] = [];
  let driftedCount = 0;
  const source = (journaled: JournaledRepository) => `${journalPath}:${journaled.line}`;
  const drift = (journaled: JournaledRepository, name: string, reason: string) => {
    driftedCount += 1;
    if (drifted.length < MAX_LISTED_DRIFTED) {
      drifted.push({ repository: journaled.repository, name, source: source(journaled), reason });
    }
  };

  const read = async (journaled: JournaledRepository) => {
    if (!names.get(journaled.repository)) return { journaled, current: undefined };
    const current = await readAcl(journaled.repository);
    await labeler.load(journaled.users.keys());
    return { journaled, current };
  };
  try {
    for await (const { journaled, current } of mapInOrder(
      repositories.values(),
      options.concurrency * LOOKAHEAD_PER_SLOT,
      read,
    )) {
      const name = names.get(journaled.repository);
      if (!name || !current) {
        drift(
          journaled,
          `repositories/${journaled.repository}`,
          "the instance no longer shows this repository (deleted, or not visible to this token)",
        );
        continue;
      }
      const label = (user: number) => labeler.label(user) ?? `users/${user}`;
      const reason =
        touchedUsersDrift(journaled, current, label, command) ??
        wholeAclDrift(journaled, current, observedByPlan?.get(journaled.repository));
      if (reason !== undefined) {
        drift(journaled, name, reason);
        continue;
      }
      // Back to where the apply found each user it wrote: a grant it made goes, a revocation it made comes back.
      const create: number[] = [];
      const remove: number[] = [];
      for (const [user, { before }] of journaled.users) {
        if (current.has(user) === before) continue;
        (before ? create : remove).push(user);
      }
      create.sort((a, b) => a - b);
      remove.sort((a, b) => a - b);
      const desired = current.size + create.length - remove.length;
      totals.repositories += 1;
      totals.currentGrants += current.size;
      totals.unchanged += current.size - remove.length;
      if (create.length + remove.length === 0) continue;
      totals.changed += 1;
      totals.create += create.length;
      totals.delete += remove.length;
      if (desired === 0 && current.size > 0) totals.emptied += 1;
      await options.onRepository({
        repository: journaled.repository,
        name,
        source: source(journaled),
        observed: { count: current.size, fingerprint: aclFingerprint(current) },
        desired,
        create: create.map((user) => ({ user, label: label(user) })),
        delete: remove.map((user) => ({ user, label: label(user) })),
      });
    }
  } finally {
    stop.abort();
  }
  return { journal, planFile: planFile?.path, totals, drifted, driftedCount };
}

function isBridgeJournal(contents: JournalContents): boolean {
  return contents.header.command === "bridge";
}

/** The journal, read whole and checked: a finished apply's or a stopped bridge's, to this instance. */
async function readCheckedJournal(path: string, endpoint: string): Promise<JournalContents> {
  let contents: JournalContents;
  try {
    contents = await readJournal(path);
  } catch (error) {
    if (error instanceof JournalDamagedError) {
      const problem = error.message.slice(0, error.message.indexOf("; the journal is damaged"));
      throw new MigratorError(
        `${problem}: the journal is damaged (an edit, or two runs writing it at once), so it cannot say for sure what the apply wrote; nothing was rolled back. Compare the instance with an export taken before the apply instead.`,
        { cause: error },
      );
    }
    throw error;
  }
  const applied = contents.header.endpoint;
  if (typeof applied === "string" && applied !== endpoint) {
    throw new MigratorError(
      `${path}: this journal records ${isBridgeJournal(contents) ? "a bridge" : "an apply"} to ${applied}, not ${endpoint}: roll it back against the instance it ${isBridgeJournal(contents) ? "wrote" : "was applied"} to.`,
    );
  }
  if (isBridgeJournal(contents)) {
    checkBridgeStopped(path, contents);
    return contents;
  }
  const plan = typeof contents.header.plan === "string" ? contents.header.plan : undefined;
  const finish = plan?.startsWith("(")
    ? "re-run the same `sgkit-migrate apply <input>... --yes --resume`"
    : `finish it with \`sgkit-migrate apply ${plan ?? "<its plan>"} --resume\``;
  if (contents.tornTail) {
    throw new MigratorError(
      `${path}: the journal ends in a partial line: the apply writing it crashed mid-write, or is still running, so its last writes are not recorded; nothing was rolled back. Once no apply runs, ${finish}, then roll it back.`,
    );
  }
  if (contents.finishedAt === undefined) {
    throw new MigratorError(
      `${path}: the apply this journal records did not finish (it stopped, failed, or is still running), so writes may be missing from it or still to come; nothing was rolled back. ${finish.charAt(0).toUpperCase()}${finish.slice(1)}, then roll it back.`,
    );
  }
  return contents;
}

/**
 * Refuses the journal of a bridge that may still write to it: one that has not recorded its stop and whose process
 * runs (or, on another machine, cannot be checked). A bridge gone without recording its stop (a crash) is let
 * through: nothing writes to its journal any more, and a run of its own cannot finish it.
 */
function checkBridgeStopped(path: string, contents: JournalContents): void {
  if (contents.finishedAt !== undefined) return;
  const { pid, host, startedAt } = contents.header;
  const state = typeof pid === "number" && typeof host === "string" ? processState(pid, host) : "unknown";
  if (state === "gone") return;
  const stop =
    "Stop it first (Ctrl-C, or SIGTERM: it finishes the calls it received, then records its stop in the journal), then roll it back";
  if (state === "running") {
    throw new MigratorError(
      `${path}: the bridge writing this journal is still running (pid ${pid}, since ${startedAt}), so writes may still come; nothing was rolled back. ${stop}.`,
    );
  }
  throw new MigratorError(
    `${path}: this journal does not record its bridge's stop, and that bridge ran ${typeof host === "string" ? `on ${host} (pid ${pid})` : "on a machine it does not name"}, where this machine cannot tell whether it still runs; nothing was rolled back. ${stop}; if it stopped without recording it (a crash), roll it back on that machine.`,
  );
}

/**
 * The repositories the journal records writes on, in the order it first names them, each with the users written:
 * `done` when a call of the apply made the change (at any attempt, in any run), `uncertain` when its calls only
 * failed. A permission found already in place (`unchanged`) was not the apply's doing and is left out.
 */
function journaledRepositories(contents: JournalContents): Map<number, JournaledRepository> {
  const repositories = new Map<number, JournaledRepository>();
  contents.entries.forEach((entry, index) => {
    if (entry.type !== "op" || entry.outcome === "unchanged") return;
    let journaled = repositories.get(entry.repository);
    if (!journaled) {
      // The header is line 1; every entry is one line after it.
      journaled = { repository: entry.repository, line: index + 2, users: new Map() };
      repositories.set(entry.repository, journaled);
    }
    const after = entry.op === "create";
    const written = journaled.users.get(entry.user);
    // A call is made only where the user is not yet as it wants: its first one tells the state before. A bridge
    // writes one user once per call that changes it, so the last one tells the state left.
    if (!written) {
      journaled.users.set(entry.user, {
        before: !after,
        after: entry.outcome === "done" ? after : undefined,
      });
    } else if (entry.outcome === "done") {
      written.after = after;
    } else if (written.after !== after) {
      // A failed call that would have changed the user: it may or may not have been made.
      written.after = undefined;
    }
  });
  return repositories;
}

/** Why the users the apply wrote are not as its writes left them (someone changed them since), if they are not. */
function touchedUsersDrift(
  journaled: JournaledRepository,
  current: ReadonlySet<number>,
  label: (user: number) => string,
  command: "apply" | "bridge",
): string | undefined {
  const changed: string[] = [];
  let rolledBack = true;
  for (const [user, { before, after }] of journaled.users) {
    if (after === undefined) continue;
    if (current.has(user) !== before) rolledBack = false;
    if (current.has(user) === after) continue;
    changed.push(
      after
        ? `${label(user)}, granted by the ${command}, is gone`
        : `${label(user)}, revoked by the ${command}, is back`,
    );
  }
  // Every user back where it was: rolled back already (a rollback applied before), nothing left to do here.
  if (changed.length === 0 || rolledBack) return undefined;
  return `changed since the ${command} (${changed.join("; ")}): not rolled back`;
}

/** With the apply's plan: why the ACL, the apply's writes undone, is not the one the plan read, if it is not. */
function wholeAclDrift(
  journaled: JournaledRepository,
  current: ReadonlySet<number>,
  observed: { readonly count: number; readonly fingerprint: string } | undefined,
): string | undefined {
  if (observed === undefined) return undefined;
  const before = new Set(current);
  for (const [user, written] of journaled.users) {
    if (written.before) before.add(user);
    else before.delete(user);
  }
  if (before.size === observed.count && aclFingerprint(before) === observed.fingerprint) return undefined;
  return "changed since the apply: its ACL, with the apply's writes undone, is not the one the apply's plan read; not rolled back";
}

/**
 * The apply's plan file, opened (so read and checked once), if it can be found with the journal's plan id: where
 * the journal's header names it (as given, then beside the journal), then the journal's path without `.journal`
 * (apply's default journal is `<plan>.journal`). A plan that is missing, unreadable or another plan's is not used.
 */
async function findPlanFile(journalPath: string, contents: JournalContents): Promise<PlanFile | undefined> {
  const named = contents.header.plan;
  const candidates = new Set<string>();
  if (typeof named === "string" && !named.startsWith("(")) {
    candidates.add(named);
    if (!isAbsolute(named)) candidates.add(join(dirname(journalPath), named));
  }
  if (journalPath.endsWith(".journal")) candidates.add(journalPath.slice(0, -".journal".length));
  for (const candidate of candidates) {
    try {
      const plan = await readPlanFile(candidate);
      if (plan.trailer.planId === contents.header.planId) return plan;
    } catch {
      // Not this one: the check of the touched users still holds.
    }
  }
  return undefined;
}

/** The ACL states the plan read, for the journaled repositories only. */
async function observedStates(
  plan: PlanFile,
  repositories: ReadonlyMap<number, JournaledRepository>,
): Promise<Map<number, { count: number; fingerprint: string }>> {
  const observed = new Map<number, { count: number; fingerprint: string }>();
  for await (const repository of plan.repositories()) {
    if (repositories.has(repository.repository)) observed.set(repository.repository, repository.observed);
  }
  return observed;
}

/** The names of the repositories, by numeric id; undefined for one the instance no longer shows. */
async function repositoryNames(
  graphql: GraphQLClient,
  ids: Iterable<number>,
  options: { signal: AbortSignal },
): Promise<Map<number, string | undefined>> {
  const byNodeId = new Map([...ids].map((id) => [encodeNodeId("Repository", id), id]));
  const found = await graphql.repositoriesByNodeId(byNodeId.keys(), {
    ...options,
    concurrency: LOOKUP_CONCURRENCY,
  });
  return new Map([...byNodeId].map(([nodeId, id]) => [id, found.get(nodeId)?.name]));
}

async function digestOf(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest("hex"), bytes: (await stat(path)).size };
}

/** `3 repositories changed since the apply were left alone`: the drifted count, for messages. */
export function describeDrifted(count: number, command: "apply" | "bridge" = "apply"): string {
  return `${countNoun(count, "repository", "repositories")} changed since the ${command} ${count === 1 ? "was" : "were"} left alone`;
}
