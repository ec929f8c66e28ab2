import { extname } from "node:path";
import { createAclWriter } from "../export/acl-writer.js";
import { exportAcls } from "../export/export-acls.js";
import { FORMAT_OF_EXTENSION } from "../inputs/read-file-fragments.js";
import type { ExportArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";

/** `export [--out file]`: the current explicit ACLs as an ACL file. */
export async function exportCommand(args: ExportArguments, clients: Clients, io: CliIo): Promise<number> {
  const format =
    args.format ?? (args.out === undefined ? "ndjson" : (FORMAT_OF_EXTENSION[extname(args.out)] ?? "ndjson"));
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
