import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { applyPlan } from "../apply/apply-plan.js";
import { checkGuardrails } from "../apply/guardrails.js";
import { createProgressReporter } from "../apply/progress-reporter.js";
import { type ApplyReport, renderReport } from "../apply/report.js";
import { MigratorError } from "../migrator-error.js";
import { makePrivateTempDir, type PrivateTempDir } from "../output-file.js";
import { readPlanFile } from "../plan/plan-file.js";
import type { ApplyArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";
import { type PlanOutcome, planJournalPath, writePlan } from "./planning.js";

const PLAN_SIGNATURE = '{"format":"sgkit-migrate-plan"';

/**
 * `apply <plan.json>` applies a saved plan exactly; `apply <input>… --yes` plans first (the diff is shown) and
 * applies that plan at once. Guardrails are checked before the first write. Exit 0 when every operation is
 * done, 1 when any failed or was skipped.
 */
export async function applyCommand(args: ApplyArguments, clients: Clients, io: CliIo): Promise<number> {
  const fromPlan = args.files.length === 1 && (await isPlanFile(args.files[0] as string));
  if (!fromPlan && !args.yes) {
    throw new MigratorError(
      "apply with input files changes the instance without a saved plan to review: pass --yes, or run plan --out plan.json first and apply that.",
    );
  }
  let planPath = args.files[0] as string;
  // The plan of a run from inputs is apply's own: in a private folder (mode 0700, a random name, so no other local
  // user can read it or plant a link in its way), removed when the command ends.
  let temporaryDir: PrivateTempDir | undefined;
  if (!fromPlan) {
    temporaryDir = await makePrivateTempDir("sgkit-migrate-");
    planPath = join(temporaryDir.dir, "plan.json");
    let planned: PlanOutcome;
    try {
      planned = await writePlan(args, clients, io, planPath, { temporary: true });
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
    await checkGuardrails(plan, {
      endpoint: clients.endpoint,
      ...(args.maxPlanAgeMs === undefined ? {} : { maxPlanAgeMs: args.maxPlanAgeMs }),
      maxDeletes: args.maxDeletes,
      allowEmpty: args.allowEmpty,
      ...(io.now ? { now: io.now } : {}),
    });
    const runId = fromPlan ? plan.trailer.planId : inputsRunId(plan.header.inputs, clients.endpoint);
    const journalPath =
      args.journal ?? (fromPlan ? planJournalPath(planPath) : `sgkit-migrate-${runId.slice(0, 12)}.journal`);
    const { totals } = plan.trailer;
    const progress = createProgressReporter({
      total: totals.create + totals.delete,
      stream: io.stderr,
      label: "apply",
    });
    let report: ApplyReport;
    try {
      report = await applyPlan(plan, {
        permissions: clients.permissions,
        concurrency: args.concurrency,
        ...(args.maxRps === undefined ? {} : { maxRps: args.maxRps }),
        journalPath,
        resume: args.resume,
        runId,
        progress,
        calls: clients.calls,
        ...(io.signal ? { signal: io.signal } : {}),
        ...(io.now ? { now: io.now } : {}),
      });
    } finally {
      progress.finish();
    }
    io.stdout.write(
      args.json
        ? `${JSON.stringify({ ...report, journal: journalPath })}\n`
        : `${renderReport(report).join("\n")}\n`,
    );
    return report.failed.length + report.skipped.length + report.withheld > 0 ? 1 : 0;
  } finally {
    await temporaryDir?.remove();
  }
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

/** A run from inputs is identified by what it read and where it writes, so `--resume` finds its journal. */
function inputsRunId(inputs: readonly { sha256: string }[], endpoint: string): string {
  const hash = createHash("sha256").update(endpoint);
  for (const input of inputs) hash.update(`\n${input.sha256}`);
  return hash.digest("hex");
}
