import { createWriteStream } from "node:fs";
import { MigratorError } from "../errors/migrator-error.js";
import type { AclRecord } from "../inputs/input-types.js";
import { type PlanSummary, planMigration } from "../plan/plan-migration.js";
import { renderTotals } from "../plan/render-plan.js";
import { createPlanWriter, type PlanWriter } from "../plan/write-plan-file.js";
import type { CliIo } from "./cli-io.js";
import type { Clients } from "./create-clients.js";
import { createDiffPrinter } from "./create-diff-printer.js";
import type { CliArgs } from "./parse-cli-args.js";
import { planningOptions } from "./planning-options.js";

/** What a planning run produced. */
export interface PlanOutcome {
  readonly summary: PlanSummary;
  readonly planId: string | undefined;
  readonly out: string | undefined;
  readonly pendingOut: string | undefined;
}

/**
 * Plans: streams the diff of each changed repository to stdout (up to
 * `--max-diff-lines`, unless `--json`), writes the plan file to `out` when given, and the pending file when users
 * are unknown. Nothing is written when planning fails.
 */
export async function writePlan(
  args: CliArgs,
  clients: Clients,
  io: CliIo,
  out: string | undefined,
): Promise<PlanOutcome> {
  // A holder, not a `let`: the writer is made in a callback, which narrowing cannot see.
  const plan: { writer?: PlanWriter } = {};
  const pendingOut = args.pendingOut ?? (out === undefined ? undefined : `${out}.pending.ndjson`);
  let pending: ReturnType<typeof createWriteStream> | undefined;
  let pendingCount = 0;
  const printer = createDiffPrinter({ json: args.json, maxDiffLines: args.maxDiffLines, stdout: io.stdout });
  try {
    const summary = await planMigration(args.files, {
      ...planningOptions(args, clients, io),
      onInputs: async (inputs) => {
        if (out === undefined) return;
        plan.writer = await createPlanWriter(out, {
          format: "sgkit-migrate-plan",
          version: 1,
          createdAt: new Date((io.now ?? Date.now)()).toISOString(),
          endpoint: clients.endpoint,
          bindId: args.bindId,
          inputs,
        });
      },
      onRepository: async (repository) => {
        if (repository.create.length + repository.delete.length === 0) return;
        printer.show(repository);
        await plan.writer?.write(repository);
      },
      onPending: (record: AclRecord) => {
        if (pendingOut === undefined) return;
        pending ??= createWriteStream(pendingOut);
        pendingCount += 1;
        pending.write(
          `${JSON.stringify({ repository: record.repository, users: record.users.map((user) => user.bindId) })}\n`,
        );
      },
    });
    printer.finish();
    await closePending(pending);
    const planId =
      plan.writer === undefined
        ? undefined
        : await plan.writer.finish({ unknown: summary.unknown, totals: summary.totals });
    if (!args.json) {
      io.stdout.write(`${renderTotals(summary.totals, summary.unknown).join("\n")}\n`);
      if (out !== undefined)
        io.stderr.write(`Saved the plan to ${out}; apply it with: sgkit-migrate apply ${out}\n`);
      if (pendingCount > 0 && pendingOut !== undefined) {
        io.stderr.write(
          `Wrote the ACLs of ${pendingCount} repositories with unknown users to ${pendingOut}; plan and apply it again once those users exist.\n`,
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
    pending?.destroy();
    throw error;
  }
}

function closePending(stream: ReturnType<typeof createWriteStream> | undefined): Promise<void> {
  if (stream === undefined) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.once("error", (error) =>
      reject(new MigratorError(`Cannot write the pending file: ${error.message}`)),
    );
    stream.end(resolve);
  });
}

/** `plan <input>… [--out plan.json]`: exit 0 when there is nothing to change, 2 when there is. */
export async function planCommand(args: CliArgs, clients: Clients, io: CliIo): Promise<number> {
  const outcome = await writePlan(args, clients, io, args.out);
  const { totals, unknown, inputs } = outcome.summary;
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({ planId: outcome.planId, out: outcome.out, pendingOut: outcome.pendingOut, inputs, totals, unknown })}\n`,
    );
  }
  return totals.create + totals.delete > 0 ? 2 : 0;
}
