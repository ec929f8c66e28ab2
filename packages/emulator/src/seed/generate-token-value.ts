import { randomBytes } from "node:crypto";

/**
 * A fresh random token in Sourcegraph's format for local instances, `sgp_local_<40 hex>`, so that clients'
 * redaction (which recognizes `sgp_` tokens) treats emulator tokens like real ones.
 */
export function generateTokenValue(): string {
  return `sgp_local_${randomBytes(20).toString("hex")}`;
}
