import { registerSecret } from "../redaction/secret-registry.js";

/**
 * A fresh token in Sourcegraph's `sgp_<16 hex>_<40 hex>` format, unique per call, for tests that prove a token
 * never reaches output. It is registered for redaction like any real token a client is given.
 */
export function createCanaryToken(): string {
  const hex = (length: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(length / 2)), (byte) =>
      byte.toString(16).padStart(2, "0"),
    ).join("");
  const token = `sgp_${hex(16)}_${hex(40)}`;
  registerSecret(token);
  return token;
}
