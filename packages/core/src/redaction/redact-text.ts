import { registeredSecrets } from "./secret-registry.js";

/** What every redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

/**
 * Token shapes Sourcegraph issues (`sgp_<16 hex | local>_<40 hex>`, `sgph_…`), caught even when the token was
 * never registered, for instance when a server echoes one back.
 */
const TOKEN_PATTERN = /\bsgph?_[A-Za-z0-9_]{8,}/g;
/** The credential part of an Authorization header written out in text. */
const AUTHORIZATION_PATTERN =
  /\b(authorization["']?\s*[:=]\s*["']?)(?:token-sudo|token|bearer|basic)\s+[^\s"']+/gi;
/** `token="…"` inside a `token-sudo` header value. */
const QUOTED_TOKEN_PATTERN = /\b(token\s*=\s*)"[^"]*"/gi;

/** Returns `text` with every registered secret and every token-shaped string replaced by `[REDACTED]`. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of registeredSecrets()) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(TOKEN_PATTERN, REDACTED)
    .replace(AUTHORIZATION_PATTERN, `$1${REDACTED}`)
    .replace(QUOTED_TOKEN_PATTERN, `$1"${REDACTED}"`);
}
