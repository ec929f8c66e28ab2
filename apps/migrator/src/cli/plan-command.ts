import type { PlanArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";
import { writePlan } from "./planning.js";

/** `plan <input>… [--out plan.json]`: exit 0 when there is nothing to change, 2 when there is. */
export async function planCommand(args: PlanArguments, clients: Clients, io: CliIo): Promise<number> {
  const outcome = await writePlan(args, clients, io, args.out);
  const { totals, unknown, inputs } = outcome.summary;
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({ planId: outcome.planId, out: outcome.out, pendingOut: outcome.pendingOut, inputs, totals, unknown })}\n`,
    );
  }
  return totals.create + totals.delete > 0 ? 2 : 0;
}
