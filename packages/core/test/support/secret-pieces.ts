import { inspect } from "node:util";
import { createCanaryToken } from "../../src/canary.js";
import { registerSecret } from "../../src/redaction.js";

/** The shortest run of a secret's characters that counts as a leak: one that no ordinary word would contain. */
const PIECE_LENGTH = 8;

/**
 * A piece of `secret` (PIECE_LENGTH characters or more, in order) found in any rendering of `values`: their
 * String, JSON and `util.inspect` forms, and an error's message, stack and response body. `findSecret` looks for
 * the whole secret; this finds a secret that a cut left in part, which `findSecret` would call clean. Returns
 * the piece and where it was, or undefined.
 */
export function findSecretPiece(secret: string, ...values: unknown[]): string | undefined {
  for (const [index, value] of values.entries()) {
    for (const text of renderings(value)) {
      for (let start = 0; start + PIECE_LENGTH <= secret.length; start++) {
        const piece = secret.slice(start, start + PIECE_LENGTH);
        if (text.includes(piece)) return `values[${index}] holds ${JSON.stringify(piece)}`;
      }
    }
  }
  return undefined;
}

function renderings(value: unknown): string[] {
  const texts = [inspect(value, { depth: 20, showHidden: true, getters: true })];
  if (typeof value === "string") texts.push(value);
  try {
    texts.push(String(value), JSON.stringify(value) ?? "");
  } catch {
    // Not every value renders every way.
  }
  if (value instanceof Error) {
    texts.push(value.message, value.stack ?? "");
    const response = (value as { response?: { body?: unknown } }).response;
    if (typeof response?.body === "string") texts.push(response.body);
  }
  return texts;
}

/** The kinds of secret a server can echo back. */
export const SECRET_KINDS = [
  "an sgp_ token",
  "a bare 40-hex legacy token",
  "a sensitive header value",
] as const;

/**
 * A fresh secret of `kind`, registered for redaction as sgkit registers it. Make it inside the test that uses
 * it: the registry forgets its oldest entries, and other tests register hundreds.
 */
export function canarySecret(kind: (typeof SECRET_KINDS)[number]): string {
  const hex = (length: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(length / 2)), (byte) =>
      byte.toString(16).padStart(2, "0"),
    ).join("");
  switch (kind) {
    case "an sgp_ token":
      return createCanaryToken();
    case "a bare 40-hex legacy token": {
      // Nothing but registration tells a legacy token from a commit hash.
      const legacy = hex(40);
      registerSecret(legacy);
      return legacy;
    }
    case "a sensitive header value": {
      // An auth proxy's key, registered as loadConfig registers SRC_HEADER_X_API_KEY's value.
      const value = `k3y-${hex(36)}`;
      registerSecret(value);
      return value;
    }
  }
}
