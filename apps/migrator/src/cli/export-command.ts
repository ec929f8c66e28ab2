import { extname } from "node:path";
import { createAclWriter } from "../export/acl-writer.js";
import { exportAcls } from "../export/export-acls.js";
import type { InputFormat } from "../inputs/input-types.js";
import type { CliIo } from "./cli-io.js";
import type { Clients } from "./create-clients.js";
import type { CliArgs } from "./parse-cli-args.js";

const EXTENSIONS: Record<string, InputFormat> = {
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".json": "json",
  ".csv": "csv",
};

/** `export [--out file]`: the current explicit ACLs as an ACL file. */
export async function exportCommand(args: CliArgs, clients: Clients, io: CliIo): Promise<number> {
  const format =
    args.format ?? (args.out === undefined ? "ndjson" : (EXTENSIONS[extname(args.out)] ?? "ndjson"));
  const writer = createAclWriter(format, args.out === undefined ? { stdout: io.stdout } : { path: args.out });
  try {
    const result = await exportAcls({
      graphql: clients.graphql,
      permissions: clients.permissions,
      bindId: args.bindId,
      concurrency: args.concurrency,
      ...(io.signal ? { signal: io.signal } : {}),
      write: (acl) => writer.write(acl),
    });
    await writer.finish();
    io.stderr.write(
      `Exported ${result.grants} grants of ${result.repositories} repositories${args.out ? ` to ${args.out}` : ""}.\n`,
    );
    if (result.unnamed > 0)
      io.stderr.write(`${result.unnamed} users have no primary email and are named by username.\n`);
    return 0;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
