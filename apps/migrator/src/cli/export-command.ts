import { extname } from "node:path";
import { createAclWriter } from "../export/acl-writer.js";
import { exportAcls } from "../export/export-acls.js";
import { FORMAT_OF_EXTENSION } from "../inputs/read-file-fragments.js";
import { countNoun } from "../plan/render-plan.js";
import type { ExportArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";

/**
 * `export [--out file [--force]]`: the current explicit ACLs as an ACL file, every repository the token sees
 * (those without grants as `"users": []`), so that applying it restores the instance exactly. A file already at `--out` (yesterday's
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
      slots: clients.resilience.slots,
      ...(io.signal ? { signal: io.signal } : {}),
      write: (acl) => writer.write(acl),
    });
    await writer.finish();
    io.stderr.write(
      `Exported ${countNoun(result.grants, "grant", "grants")} of ${countNoun(result.repositories, "repository", "repositories")} (${result.empty} without grants, written as "users": [])${args.out ? ` to ${args.out}` : ""}.\n`,
    );
    if (args.out !== undefined)
      io.stderr.write(
        `To bring the instance back to this state: sgkit-migrate apply ${args.out} --yes --allow-empty\n`,
      );
    if (result.unnamed > 0)
      io.stderr.write(
        `${countNoun(result.unnamed, "user has", "users have")} no primary email and ${result.unnamed === 1 ? "is" : "are"} named by username.\n`,
      );
    return 0;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
