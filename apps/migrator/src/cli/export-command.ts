import { extname } from "node:path";
import { createAclWriter } from "../export/acl-writer.js";
import { exportAcls } from "../export/export-acls.js";
import { FORMAT_OF_EXTENSION } from "../inputs/read-file-fragments.js";
import type { ExportArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";

/**
 * `export [--out file [--force]]`: the current explicit ACLs as an ACL file. A file already at `--out` (yesterday's
 * backup, say) is replaced only with `--force`; that, and an `--out` that cannot be written, is refused before
 * anything is read.
 */
export async function exportCommand(args: ExportArguments, clients: Clients, io: CliIo): Promise<number> {
  const format =
    args.format ?? (args.out === undefined ? "ndjson" : (FORMAT_OF_EXTENSION[extname(args.out)] ?? "ndjson"));
  const writer = createAclWriter(
    format,
    args.out === undefined ? { stdout: io.stdout } : { path: args.out, overwrite: args.force },
  );
  try {
    await writer.ready;
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
