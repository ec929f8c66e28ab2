import type { CliIo } from "./cli-io.js";
import type { Clients } from "./create-clients.js";
import type { CliArgs } from "./parse-cli-args.js";
import { writePlan } from "./plan-command.js";

/**
 * `verify <input>…`: reads the instance again and compares it with the inputs. Exit 0 when in sync, 2 when
 * there is drift (shown as the diff that would fix it).
 */
export async function verifyCommand(args: CliArgs, clients: Clients, io: CliIo): Promise<number> {
  const { summary } = await writePlan(args, clients, io, undefined);
  const drift = summary.totals.create + summary.totals.delete;
  if (args.json)
    io.stdout.write(
      `${JSON.stringify({ inSync: drift === 0, totals: summary.totals, unknown: summary.unknown })}\n`,
    );
  else
    io.stderr.write(
      drift === 0
        ? "In sync: the instance matches the inputs.\n"
        : `Drift: ${drift} permissions differ from the inputs.\n`,
    );
  return drift === 0 ? 0 : 2;
}
