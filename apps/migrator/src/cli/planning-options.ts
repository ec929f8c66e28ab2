import type { PlanMigrationOptions } from "../plan/plan-migration.js";
import type { CliIo } from "./cli-io.js";
import type { Clients } from "./create-clients.js";
import type { CliArgs } from "./parse-cli-args.js";

/** What the command line says about planning, shared by `plan` (and `apply` with inputs) and `verify`. */
export function planningOptions(
  args: CliArgs,
  clients: Clients,
  io: CliIo,
): Omit<PlanMigrationOptions, "onRepository" | "onInputs" | "onPending"> {
  return {
    graphql: clients.graphql,
    permissions: clients.permissions,
    bindId: args.bindId,
    onUnknown: args.onUnknown,
    concurrency: args.concurrency,
    ...(args.format ? { format: args.format } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  };
}
