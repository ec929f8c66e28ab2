import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { ApplyGaveUpError, applyPlan, JournalWriteError } from "../apply/apply-plan.js";
import { checkGuardrails } from "../apply/guardrails.js";
import { readJournal, setJournalAside } from "../apply/journal-file.js";
import { createProgressReporter } from "../apply/progress-reporter.js";
import { type ApplyReport, applySucceeded, renderReport } from "../apply/report.js";
import { acquireRunLock, lockDirectory } from "../apply/run-lock.js";
import { MigratorError } from "../migrator-error.js";
import { makePrivateTempDir, type PrivateTempDir } from "../output-file.js";
import { isDefaultMaxDeletes } from "../plan/delete-limit.js";
import { readPlanFile } from "../plan/plan-file.js";
import {
  DEFAULT_MAX_OUTAGE_MS,
  formatClock,
  formatDuration,
  type Resilience,
  type ResilienceStatus,
} from "../resilience.js";
import { type ApplyArguments, DEFAULT_CONCURRENCY } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";
import { type PlanOutcome, planJournalPath, writePlan } from "./planning.js";

const PLAN_SIGNATURE = '{"format":"sgkit-migrate-plan"';

/**
 * `apply <plan.json>` applies a saved plan exactly; `apply <input>… --yes` plans first (the diff is shown) and
 * applies that plan at once. Guardrails are checked before the first write. Exit 0 when every operation is
 * done and read back as planned, 1 when any failed, was skipped or was changed by someone else meanwhile, 130
 * when stopped by Ctrl-C (`io.stop`: the calls in flight finish, then the report and the command to resume).
 *
 * One apply at a time against one instance: the whole command holds the instance's run lock (see `run-lock.ts`).
 */
export async function applyCommand(args: ApplyArguments, clients: Clients, io: CliIo): Promise<number> {
  const fromPlan = args.files.length === 1 && (await isPlanFile(args.files[0] as string));
  if (!fromPlan && !args.yes) {
    throw new MigratorError(
      "apply with input files changes the instance without a saved plan to review: pass --yes, or run plan --out plan.json first and apply that.",
    );
  }
  const lock = await acquireRunLock({
    endpoint: clients.endpoint,
    directory: lockDirectory(io.env),
    command: ["apply", ...args.files].join(" "),
    onTakeover: (message) => io.stderr.write(`${message}\n`),
    ...(io.now ? { now: io.now } : {}),
  });
  try {
    return await applyLocked(args, clients, io, fromPlan);
  } finally {
    await lock.release();
  }
}

async function applyLocked(
  args: ApplyArguments,
  clients: Clients,
  io: CliIo,
  fromPlan: boolean,
): Promise<number> {
  // Planning writes nothing to the instance: the first Ctrl-C stops it at once.
  const planningIo: CliIo =
    io.stop === undefined
      ? io
      : { ...io, signal: io.signal ? AbortSignal.any([io.signal, io.stop]) : io.stop };
  let planPath = args.files[0] as string;
  // The plan of a run from inputs is apply's own: in a private folder (mode 0700, a random name, so no other local
  // user can read it or plant a link in its way), removed when the command ends.
  let temporaryDir: PrivateTempDir | undefined;
  if (!fromPlan) {
    temporaryDir = await makePrivateTempDir("sgkit-migrate-");
    planPath = join(temporaryDir.dir, "plan.json");
    let planned: PlanOutcome;
    try {
      planned = await writePlan(args, clients, planningIo, planPath, { temporary: true });
    } catch (error) {
      await temporaryDir.remove();
      throw error;
    }
    if (planned.summary.totals.create + planned.summary.totals.delete === 0) {
      await temporaryDir.remove();
      if (args.json)
        io.stdout.write(`${JSON.stringify({ changed: false, totals: planned.summary.totals })}\n`);
      return 0;
    }
  }
  try {
    const plan = await readPlanFile(planPath);
    const changes = await checkGuardrails(plan, {
      endpoint: clients.endpoint,
      ...(args.maxPlanAgeMs === undefined
        ? {}
        : {
            maxPlanAgeMs: args.maxPlanAgeMs,
            ...(args.maxPlanAge ? { maxPlanAgeText: args.maxPlanAge } : {}),
          }),
      maxDeletes: args.maxDeletes,
      allowEmpty: args.allowEmpty,
      ...(io.now ? { now: io.now } : {}),
    });
    // A journal belongs to one plan: its id covers the plan's operations and the state they were computed from.
    const runId = plan.trailer.planId;
    const journalPath =
      args.journal ?? (fromPlan ? planJournalPath(planPath) : `sgkit-migrate-${runId.slice(0, 12)}.journal`);
    const resume = fromPlan ? args.resume : await journalOfEarlierInputsRun(journalPath, runId, args, io);
    // The plan is read and checked: now the first call to the instance (when planning has not made it already).
    await clients.ready();
    const { resilience } = clients;
    const clock = io.now ?? Date.now;
    const progress = createProgressReporter({
      total: changes.create + changes.delete,
      stream: io.stderr,
      label: "apply",
      calls: () => {
        const { waiting } = resilience.status();
        return {
          limit: resilience.slots.limit,
          ...(waiting ? { waiting: { failing: waiting.failing, forMs: clock() - waiting.since } } : {}),
        };
      },
    });
    // The bar does not move while nothing succeeds: the pause and its end get lines of their own.
    const announce = resilience.onStatus;
    resilience.onStatus = (status) => {
      const line = statusLine(status, resilience);
      if (line !== undefined) progress.log(line);
    };
    const again = resumeCommand(args, fromPlan);
    let report: ApplyReport;
    let journalFailure: JournalWriteError | undefined;
    try {
      report = await applyPlan(plan, {
        permissions: clients.permissions,
        concurrency: args.concurrency,
        // --max-rps paces the resilience's call slots, which every request goes through.
        resilience,
        journalPath,
        resume,
        runId,
        journalHeader: {
          endpoint: clients.endpoint,
          plan: fromPlan ? planPath : "(planned from the inputs)",
        },
        progress,
        calls: clients.calls,
        ...(io.stop ? { stop: io.stop } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        ...(io.now ? { now: io.now } : {}),
        ...(io.internal?.journal ? { internal: { journal: io.internal.journal } } : {}),
      });
    } catch (error) {
      if (error instanceof ApplyGaveUpError) {
        progress.finish();
        writeReport(io, args, error.report, journalPath);
        throw new MigratorError(
          `gave up on ${clients.endpoint}: ${error.message}. Nothing is lost: the journal records every outcome, and no call was started after giving up. Once the instance answers again, continue with: ${again}`,
          { cause: error },
        );
      }
      if (!(error instanceof JournalWriteError)) throw error;
      journalFailure = error;
      report = error.report;
    } finally {
      progress.finish();
      resilience.onStatus = announce;
    }
    writeReport(io, args, report, journalPath);
    if (journalFailure) {
      throw new MigratorError(`${journalFailure.message}\nContinue with: ${again}`, {
        cause: journalFailure,
      });
    }
    if (report.interrupted) {
      io.stderr.write(`Stopped before the end of the plan. Continue with: ${again}\n`);
      return 130;
    }
    if (!report.finished) io.stderr.write(`Once the cause is fixed, continue with: ${again}\n`);
    return applySucceeded(report) ? 0 : 1;
  } finally {
    await temporaryDir?.remove();
  }
}

/** The line that says the run paused (what fails, since when) or resumed; none when it gave up. */
export function statusLine(
  status: ResilienceStatus,
  resilience: Pick<Resilience, "stats" | "failure">,
): string | undefined {
  if (status.waiting) {
    return `Waiting out a failure: no call has succeeded since ${formatClock(status.waiting.since)} (${status.waiting.failing}); probing with backoff, one call at a time.`;
  }
  // Giving up needs no line of its own: the command's error says it.
  if (resilience.failure()) return undefined;
  return `Resumed: the instance answers again (waited ${formatDuration(resilience.stats().waitedMs)} in all).`;
}

async function isPlanFile(path: string): Promise<boolean> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(path, "r");
    const { buffer, bytesRead } = await file.read(
      Buffer.alloc(PLAN_SIGNATURE.length),
      0,
      PLAN_SIGNATURE.length,
      0,
    );
    return buffer.subarray(0, bytesRead).toString("utf8") === PLAN_SIGNATURE;
  } catch {
    // Unreadable here means "not a plan": reading it as an input gives the precise error.
    return false;
  } finally {
    await file?.close();
  }
}

function writeReport(io: CliIo, args: ApplyArguments, report: ApplyReport, journal: string): void {
  io.stdout.write(
    args.json ? `${JSON.stringify({ ...report, journal })}\n` : `${renderReport(report).join("\n")}\n`,
  );
}

/**
 * A run from inputs plans again from the instance as it is now, which already holds what an earlier run did: its
 * plan, and so its journal, is new. A journal of an earlier plan at `--journal` is history: with `--resume` it is
 * kept beside (`<journal>.<its plan id>`), without it the run stops, since a journal is never overwritten.
 *
 * @returns whether to resume the journal at `path` (only when it is this very plan's).
 */
async function journalOfEarlierInputsRun(
  path: string,
  planId: string,
  args: ApplyArguments,
  io: CliIo,
): Promise<boolean> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return false;
  let earlier: { planId: string; finishedAt: string | undefined } | undefined;
  try {
    const contents = await readJournal(path);
    earlier = { planId: contents.header.planId, finishedAt: contents.finishedAt };
  } catch {
    // Damaged or not a journal: kept aside like any other, never read again.
  }
  if (earlier?.planId === planId) return args.resume;
  if (!args.resume) {
    const what =
      earlier === undefined
        ? "a file that is not a journal of this run"
        : `the journal of an earlier apply (${earlier.finishedAt ? `finished at ${earlier.finishedAt}` : "stopped before the end"})`;
    throw new MigratorError(
      `${path} holds ${what}. These inputs were planned again from the instance as it is now, which already holds what that run did: pass --resume to go on (that journal is then kept as ${path}.<its plan id>), or pass another --journal.`,
    );
  }
  const kept = await setJournalAside(path, (earlier?.planId ?? "old").slice(0, 12));
  io.stderr.write(
    `Kept the journal of the earlier run as ${kept}; this run, planned from the instance as it is now, starts ${path} afresh.\n`,
  );
  return false;
}

/** The command that continues this apply: the same one, with `--resume`. */
function resumeCommand(args: ApplyArguments, fromPlan: boolean): string {
  const words = ["sgkit-migrate", "apply", ...args.files];
  if (!fromPlan) words.push("--yes");
  if (args.journal !== undefined) words.push("--journal", args.journal);
  words.push("--resume");
  const { maxDeletes } = args;
  if (!isDefaultMaxDeletes(maxDeletes)) {
    words.push(
      "--max-deletes",
      maxDeletes.kind === "percent" ? `${maxDeletes.value}%` : `${maxDeletes.value}`,
    );
  }
  if (args.allowEmpty) words.push("--allow-empty");
  if (args.endpoint !== undefined) words.push("--endpoint", args.endpoint);
  if (args.tokenFile !== undefined) words.push("--token-file", args.tokenFile);
  if (args.graphqlTokenFile !== undefined) words.push("--graphql-token-file", args.graphqlTokenFile);
  if (args.allowInsecureHttp) words.push("--allow-insecure-http");
  if (args.bindId !== "username") words.push("--bind-id", args.bindId);
  if (args.onUnknown !== "fail") words.push("--on-unknown", args.onUnknown);
  if (args.format !== undefined) words.push("--format", args.format);
  if (args.concurrency !== DEFAULT_CONCURRENCY) words.push("--concurrency", `${args.concurrency}`);
  if (args.maxRps !== undefined) words.push("--max-rps", `${args.maxRps}`);
  if (args.fixedConcurrency) words.push("--fixed-concurrency");
  if (args.maxOutageMs !== DEFAULT_MAX_OUTAGE_MS)
    words.push("--max-outage", `${Math.ceil(args.maxOutageMs / 1000)}s`);
  if (args.pendingOut !== undefined) words.push("--pending-out", args.pendingOut);
  return words.map(shellWord).join(" ");
}

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=%@+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
