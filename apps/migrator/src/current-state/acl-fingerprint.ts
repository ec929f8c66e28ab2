import { createHash } from "node:crypto";

/**
 * A short, order-independent fingerprint of an ACL (its user ids): the hex SHA-256 of the ids ascending, one per
 * line, cut to 32 characters. Plans record it so that apply can tell whether a repository changed since it was
 * planned without keeping the whole ACL in the plan.
 */
export function aclFingerprint(userIds: Iterable<number>): string {
  const sorted = Uint32Array.from(userIds).sort();
  const hash = createHash("sha256");
  for (const id of sorted) hash.update(`${id}\n`);
  return hash.digest("hex").slice(0, 32);
}
