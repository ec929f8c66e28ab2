import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { DesiredAcl } from "./create-bench-instance.js";

/**
 * Writes the desired ACLs as an NDJSON input file (`{"repository", "users"}` per line), streaming with the
 * stream's backpressure so that a 1M-entry file never sits in memory. Resolves with the file's size in bytes.
 */
export async function writeAclFile(path: string, acls: Iterable<DesiredAcl>): Promise<number> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  for (const acl of acls) {
    if (!out.write(`${JSON.stringify(acl)}\n`)) await Promise.race([once(out, "drain"), failed]);
  }
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  return out.bytesWritten;
}
