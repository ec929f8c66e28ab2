import { parseNumericId } from "./parse-numeric-id.js";
import type { UserRef } from "./user-ref.js";

/**
 * Sourcegraph usernames: letters, digits, `.`, `-` and `_`, starting with a letter or digit, at most 255
 * characters. A little wider than what Sourcegraph lets users pick, so that no real username is refused, and
 * narrow enough that nothing in it can change the meaning of a resource path (`/`, `?`, `#`, `%`, spaces).
 */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
/**
 * An email address: one `@` with text on both sides, and none of what would break a resource path or a header.
 * Deliberately not RFC 5322: the server decides whether the address belongs to a user; the client only refuses
 * what cannot be one. Case is kept, as emails in this API are case-sensitive.
 */
const EMAIL = /^[^\s@/\\?#%"<>]+@[^\s@/\\?#%"<>]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here.
const CONTROL = /[\u0000-\u001f\u007f]/;
/** RFC 5321's limit on the length of an address. */
const MAX_EMAIL_LENGTH = 320;

/**
 * The user named by the part after `users/` (or after `explicitRepoPermissions/`): a numeric id, `@username`
 * or an email address. Undefined when the text is none of these.
 */
export function parseUserPart(part: string): UserRef | undefined {
  const id = parseNumericId(part);
  if (id !== undefined) return { form: "id", id };
  if (part.startsWith("@")) {
    const username = part.slice(1);
    return USERNAME.test(username) ? { form: "username", username } : undefined;
  }
  if (part.length <= MAX_EMAIL_LENGTH && !CONTROL.test(part) && EMAIL.test(part)) {
    return { form: "email", email: part };
  }
  return undefined;
}
