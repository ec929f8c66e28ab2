import { rm } from "node:fs/promises";
import { createPlanWriter, type PlanWriter } from "../plan/plan-file.js";
import { countNoun, renderTotals } from "../plan/render-plan.js";
import { describeDrifted, planRollback, type RollbackSummary } from "../rollback/plan-rollback.js";
import type { ApplyArguments, RollbackArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";
import { createDiffPrinter, planHeader, refuseJournaledPlan } from "./planning.js";

/** Drifted repositories shown in the text output; the rest are counted. */
const SHOWN_DRIFTED = 20;

/**
 * `rollback <journal> [--out rollback-plan.json] [--yes]`: plans the inverse of the writes an apply's (or a stopped
 * bridge's) journal records, from the state they left (see `planRollback`), and shows it as `plan` does: each repository's `+`/`-`,
 * the totals, what apply's guardrails will refuse, and the repositories changed since the apply, which are left
 * alone. With `--out` the plan is saved for `apply`; with `--yes` it is saved (to `--out`, else
 * `<journal>.rollback-plan.json`) and applied at once, by apply itself: its lock, guardrails, journal
 * (`<rollback plan>.journal`), drift checks, report and `--resume`.
 *
 * Exit status without `--yes`: 0 nothing to roll back, 2 a rollback planned, 1 an error. With `--yes`: apply's,
 * and 1 when a repository was left alone because it changed since the apply.
 *
 * @param apply `apply <plan>` (the apply command, which main gives: commands do not import each other).
 */
export async function rollbackCommand(
  args: RollbackArguments,
  clients: Clients,
  io: CliIo,
  apply: (args: ApplyArguments, clients: Clients, io: CliIo) => Promise<number>,
): Promise<number> {
  const journal = args.files[0] as string;
  const out = args.out ?? (args.yes ? `${journal}.rollback-plan.json` : undefined);
  if (out !== undefined) {
    await refuseJournaledPlan(
      out,
      (journalPath) =>
        `${journalPath} records an apply of the rollback plan at ${out}: if it did not finish, finish it with \`sgkit-migrate apply ${out} --resume\`; if it did, the rollback is done (remove ${journalPath} and ${out} to plan it again); or give --out another path.`,
    );
  }
  // Planning writes nothing: the first Ctrl-C stops it at once (apply, later, lets its calls finish).
  const planningIo: CliIo =
    io.stop === undefined
      ? io
      : { ...io, signal: io.signal ? AbortSignal.any([io.signal, io.stop]) : io.stop };
  const plan: { writer?: PlanWriter } = {};
  const printer = createDiffPrinter({ json: args.json, maxDiffLines: args.maxDiffLines, stdout: io.stdout });
  let summary: RollbackSummary;
  let planId: string | undefined;
  try {
    summary = await planRollback(journal, {
      graphql: clients.graphql,
      permissions: clients.permissions,
      endpoint: clients.endpoint,
      concurrency: args.concurrency,
      // The clients' requests run in these slots already.
      slots: clients.resilience.slots,
      ...(planningIo.signal ? { signal: planningIo.signal } : {}),
      onJournal: async (rolledBack) => {
        // The journal is read and checked: a bad one never waits on a server. Now the preflight.
        await clients.ready();
        if (out === undefined) return;
        plan.writer = await createPlanWriter(out, {
          ...planHeader(clients, args, io, [rolledBack.input]),
          rollbackOf: { journal, planId: rolledBack.planId },
        });
      },
      onRepository: async (repository) => {
        printer.show(repository);
        await plan.writer?.write(repository);
      },
    });
    printer.finish();
    planId = await plan.writer?.finish({ unknown: [], totals: summary.totals });
  } catch (error) {
    await plan.writer?.abort();
    throw error;
  }
  const { totals } = summary;
  const changes = totals.create + totals.delete;
  if (!args.json || args.yes) writeSummary(io, summary, out, args.yes);
  if (args.json && !args.yes) {
    io.stdout.write(
      `${JSON.stringify({ planId, out, journal, planFile: summary.planFile, totals, drifted: summary.drifted, driftedCount: summary.driftedCount })}\n`,
    );
  }
  if (!args.yes || changes === 0 || out === undefined) {
    // A plan with nothing in it is no rollback to keep, unless asked for by --out.
    if (args.yes && changes === 0 && out !== undefined && args.out === undefined)
      await rm(out, { force: true });
    if (args.yes && summary.driftedCount > 0) return 1;
    return changes > 0 ? 2 : 0;
  }
  const status = await apply({ ...args, files: [out], yes: false, resume: false }, clients, io);
  return status === 0 && summary.driftedCount > 0 ? 1 : status;
}

/** The totals, the repositories left alone, and where the plan went: stdout for the results, stderr for the rest. */
function writeSummary(io: CliIo, summary: RollbackSummary, out: string | undefined, applying: boolean): void {
  const { totals } = summary;
  const stdout = applying ? io.stderr : io.stdout;
  if (totals.create + totals.delete === 0) {
    stdout.write(
      `Nothing to roll back${summary.driftedCount > 0 ? " in the other repositories" : ""}: the writes ${summary.journal.input.path} records there are undone already, or it records none (${countNoun(totals.repositories, "repository", "repositories")} read).\n`,
    );
  } else {
    stdout.write(
      `${renderTotals(totals, [])
        .join("\n")
        .replace(/^Plan: /, "Rollback: ")}\n`,
    );
  }
  if (summary.driftedCount > 0) {
    const lines = [
      `${describeDrifted(summary.driftedCount, summary.journal.command)} (someone changed them; nothing is written to them):`,
      ...summary.drifted
        .slice(0, SHOWN_DRIFTED)
        .map((drifted) => `  ${drifted.name} (${drifted.source}): ${drifted.reason}`),
    ];
    if (summary.driftedCount > SHOWN_DRIFTED)
      lines.push(`  … and ${summary.driftedCount - SHOWN_DRIFTED} more`);
    stdout.write(`${lines.join("\n")}\n`);
  }
  if (summary.journal.command === "bridge") {
    io.stderr.write(
      "A bridge has no plan: only the users it wrote were checked for changes since its calls.\n",
    );
    if (summary.journal.finishedAt === undefined) {
      io.stderr.write(
        `The bridge that wrote ${summary.journal.input.path} stopped without recording its stop (a crash, or kill -9): a write it had in flight then may be missing from the journal, and is not undone.\n`,
      );
    }
  } else if (summary.planFile === undefined) {
    io.stderr.write(
      "The apply's plan file was not found beside the journal: only the users the apply wrote were checked for changes since.\n",
    );
  }
  if (out !== undefined && !applying && totals.create + totals.delete > 0) {
    io.stderr.write(`Saved the rollback plan to ${out}; apply it with: sgkit-migrate apply ${out}\n`);
  } else if (out !== undefined && applying && totals.create + totals.delete > 0) {
    io.stderr.write(`Saved the rollback plan to ${out}; applying it.\n`);
  }
}
