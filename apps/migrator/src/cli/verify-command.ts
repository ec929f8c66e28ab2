import { verifyMigration } from "../plan/plan-migration.js";
import { countNoun, renderTotals } from "../plan/render-plan.js";
import type { VerifyArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";
import { createDiffPrinter, planningOptions } from "./planning.js";

/**
 * `verify <input>…`: reads the instance again and compares it with the inputs. Exit 0 when in sync, 2 when
 * there is drift (shown as the diff that would fix it).
 */
export async function verifyCommand(args: VerifyArguments, clients: Clients, io: CliIo): Promise<number> {
  const printer = createDiffPrinter({ json: args.json, maxDiffLines: args.maxDiffLines, stdout: io.stdout });
  const { inSync, drift, summary } = await verifyMigration(args.files, {
    ...planningOptions(args, clients, io),
    onDrift: (repository) => printer.show(repository),
  });
  printer.finish();
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ inSync, totals: summary.totals, unknown: summary.unknown })}\n`);
  } else {
    io.stdout.write(`${renderTotals(summary.totals, summary.unknown, { bindId: args.bindId }).join("\n")}\n`);
    io.stderr.write(
      inSync
        ? "In sync: the instance matches the inputs.\n"
        : `Drift: ${countNoun(drift, "permission differs", "permissions differ")} from the inputs.\n`,
    );
  }
  return inSync ? 0 : 2;
}
