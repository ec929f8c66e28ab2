import { lstat } from "node:fs/promises";
import type { AclRecord } from "../inputs/input-types.js";
import { MigratorError } from "../migrator-error.js";
import { createOutputFile, type OutputFile } from "../output-file.js";
import type { MaxDeletes } from "../plan/delete-limit.js";
import { createPlanWriter, type PlanWriter } from "../plan/plan-file.js";
import { type PlanMigrationOptions, type PlanSummary, planMigration } from "../plan/plan-migration.js";
import type { PlanHeader, PlanInput, PlanRepository } from "../plan/plan-types.js";
import { countNoun, renderRecordedCalls, renderRepositoryDiff, renderTotals } from "../plan/render-plan.js";
import type { CommonArguments, PlanningArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";

// Planning on the command line, as plan, verify and apply with input files do it: the options the flags give,
// the diff on stdout, and the plan and pending files.

/** What the command line says about planning, shared by `plan` (and `apply` with inputs) and `verify`. */
export function planningOptions(
  args: CommonArguments,
  clients: Clients,
  io: CliIo,
): Omit<PlanMigrationOptions, "onRepository" | "onInputs" | "onPending"> {
  return {
    graphql: clients.graphql,
    permissions: clients.permissions,
    bindId: args.bindId,
    onUnknown: args.onUnknown,
    concurrency: args.concurrency,
    // The clients' requests run in these slots already; the preflight comes once the inputs are read and checked.
    slots: clients.resilience.slots,
    onScanned: () => clients.ready(),
    ...(args.format ? { format: args.format } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  };
}

/** What a planning run produced. */
export interface PlanOutcome {
  readonly summary: PlanSummary;
  readonly planId: string | undefined;
  readonly out: string | undefined;
  readonly pendingOut: string | undefined;
}

/**
 * The journal `apply <plan>` keeps beside a plan by default. A new plan must not be written over a plan whose
 * journal is there: neither `apply` (a journal is never overwritten) nor `apply --resume` (it is another plan's)
 * would accept that pair.
 */
export function planJournalPath(plan: string): string {
  return `${plan}.journal`;
}

/** The header of a plan this run writes (a migration's, or with `rollbackOf` added, a rollback's). */
export function planHeader(
  clients: Clients,
  args: Pick<CommonArguments, "bindId">,
  io: CliIo,
  inputs: readonly PlanInput[],
): PlanHeader {
  return {
    format: "sgkit-migrate-plan",
    version: 1,
    createdAt: new Date((io.now ?? Date.now)()).toISOString(),
    endpoint: clients.endpoint,
    bindId: args.bindId,
    inputs,
  };
}

/**
 * Refuses to write a plan at `out` (a migration's or a rollback's) while the journal of an apply of the plan there
 * is beside it: `message` says, from the journal's path, what that means for this plan and what to do.
 */
export async function refuseJournaledPlan(out: string, message: (journal: string) => string): Promise<void> {
  const journal = planJournalPath(out);
  try {
    await lstat(journal);
  } catch {
    return;
  }
  throw new MigratorError(message(journal));
}

/**
 * Plans: streams the diff of each changed repository to stdout (up to
 * `--max-diff-lines`, unless `--json`), writes the plan file to `out` when given, and the pending file when users
 * are unknown (to `--pending-out`, else beside the plan). Nothing is written when planning fails.
 *
 * With `temporary`, `out` is a plan of apply's own, deleted when it is done: no pending file is kept beside it
 * and no message names it.
 */
export async function writePlan(
  args: PlanningArguments & { readonly pendingOut: string | undefined },
  clients: Clients,
  io: CliIo,
  out: string | undefined,
  options: { readonly temporary?: boolean } = {},
): Promise<PlanOutcome> {
  const temporary = options.temporary ?? false;
  if (out !== undefined && !temporary) {
    await refuseJournaledPlan(
      out,
      (journal) =>
        `${journal} records an apply of the plan at ${out}, and a new plan there would leave a journal that neither apply nor apply --resume accepts: if that apply did not finish, finish it with \`sgkit-migrate apply ${out} --resume\`; if it did, remove ${journal}; or give --out another path.`,
    );
  }
  // A holder, not a `let`: the writer is made in a callback, which narrowing cannot see.
  const plan: { writer?: PlanWriter } = {};
  const pendingOut =
    args.pendingOut ?? (out === undefined || temporary ? undefined : `${out}.pending.ndjson`);
  // Opened at the first record that names an unknown user: no pending file when there is none.
  let pending: Promise<OutputFile> | undefined;
  let pendingCount = 0;
  const printer = createDiffPrinter({ json: args.json, maxDiffLines: args.maxDiffLines, stdout: io.stdout });
  try {
    const summary = await planMigration(args.files, {
      ...planningOptions(args, clients, io),
      onInputs: async (inputs) => {
        if (out === undefined) return;
        plan.writer = await createPlanWriter(out, planHeader(clients, args, io, inputs));
      },
      onRepository: async (repository) => {
        if (repository.create.length + repository.delete.length === 0) return;
        printer.show(repository);
        await plan.writer?.write(repository);
      },
      onPending: async (record: AclRecord) => {
        if (pendingOut === undefined) return;
        pending ??= createOutputFile(pendingOut, { what: "the pending file", overwrite: true });
        pendingCount += 1;
        await (await pending).write(
          `${JSON.stringify({ repository: record.repository, users: record.users.map((user) => user.bindId) })}\n`,
        );
      },
    });
    printer.finish();
    await (await pending)?.commit();
    const planId =
      plan.writer === undefined
        ? undefined
        : await plan.writer.finish({ unknown: summary.unknown, totals: summary.totals });
    if (!args.json) {
      io.stdout.write(
        `${renderTotals(summary.totals, summary.unknown, {
          bindId: args.bindId,
          // apply --yes: the limit it is about to check.
          ...("maxDeletes" in args ? { maxDeletes: args.maxDeletes as MaxDeletes } : {}),
        }).join("\n")}\n`,
      );
      for (const line of renderRecordedCalls(summary.inputs)) io.stdout.write(`${line}\n`);
      if (out !== undefined && !temporary)
        io.stderr.write(`Saved the plan to ${out}; apply it with: sgkit-migrate apply ${out}\n`);
      if (pendingCount > 0 && pendingOut !== undefined) {
        io.stderr.write(
          `Wrote the ACLs of ${countNoun(pendingCount, "repository", "repositories")} with unknown users to ${pendingOut}; plan and apply it again once those users exist.\n`,
        );
      } else if (summary.totals.unknownUsers > 0) {
        io.stderr.write(
          "Unknown users are not granted anything; pass --pending-out <file> to keep their ACLs for a later run.\n",
        );
      }
    }
    return { summary, planId, out, pendingOut: pendingCount > 0 ? pendingOut : undefined };
  } catch (error) {
    await plan.writer?.abort();
    await pending?.then(
      (file) => file.discard(),
      () => {},
    );
    throw error;
  }
}

/** Prints repositories' diffs as they are planned; see {@link createDiffPrinter}. */
export interface DiffPrinter {
  show(repository: PlanRepository): void;
  /** Says how many repositories were left out, if any. */
  finish(): void;
}

/**
 * The diff on stdout, terraform-style, at most `maxDiffLines` lines (0 for all), so that a plan of a million
 * operations does not flood a terminal; nothing with `--json`, whose stdout is one document.
 */
export function createDiffPrinter(options: {
  json: boolean;
  maxDiffLines: number;
  stdout: { write(text: string): unknown };
}): DiffPrinter {
  let lines = 0;
  let left = 0;
  return {
    show(repository) {
      if (options.json) return;
      const diff = renderRepositoryDiff(repository);
      if (options.maxDiffLines > 0 && lines + diff.length > options.maxDiffLines) {
        left += 1;
        return;
      }
      lines += diff.length;
      options.stdout.write(`${diff.join("\n")}\n`);
    },
    finish() {
      if (left === 0) return;
      options.stdout.write(
        `… and ${countNoun(left, "more repository", "more repositories")} with changes (raise --max-diff-lines, or read the plan file)\n`,
      );
    },
  };
}
