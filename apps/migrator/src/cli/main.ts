import { VERSION } from "../version.js";
import { applyCommand } from "./apply-command.js";
import type { CliIo } from "./cli-io.js";
import { type Clients, createClients } from "./create-clients.js";
import { describeError } from "./describe-error.js";
import { exportCommand } from "./export-command.js";
import { type CliArgs, parseCliArgs } from "./parse-cli-args.js";
import { planCommand } from "./plan-command.js";
import { usage } from "./usage.js";
import { verifyCommand } from "./verify-command.js";

const COMMANDS = { plan: planCommand, apply: applyCommand, verify: verifyCommand, export: exportCommand };

/**
 * `sgkit-migrate`: runs one command and resolves with its exit status (terraform's convention with
 * `-detailed-exitcode`: 0 success or no changes, 2 changes or drift, 1 error). Results go to stdout, messages
 * and progress to stderr.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    io.stderr.write(`sgkit-migrate: ${describeError(error, undefined)}\n`);
    return 1;
  }
  if (args.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.help || args.command === undefined) {
    io.stdout.write(usage(args.command));
    return 0;
  }
  let clients: Clients | undefined;
  try {
    clients = await createClients({
      endpoint: args.endpoint,
      tokenFile: args.tokenFile,
      env: io.env,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    return await COMMANDS[args.command](args, clients, io);
  } catch (error) {
    io.stderr.write(
      `sgkit-migrate ${args.command}: ${describeError(error, clients?.endpoint ?? args.endpoint ?? io.env.SRC_ENDPOINT)}\n`,
    );
    return 1;
  }
}
