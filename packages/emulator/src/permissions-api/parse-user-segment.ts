import type { UserKey } from "./user-key.js";

// Sourcegraph's ids are int32.
const MAX_ID = 2 ** 31 - 1;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads the `{user}` part of a resource name: a numeric id (`456`), `@` and a username (`@alice`), or an email
 * (`alice@example.com`, matched case-sensitively later). Returns undefined for anything else, such as a bare
 * username, which the API does not accept because it could not be told from other forms.
 */
export function parseUserSegment(segment: string): UserKey | undefined {
  if (/^[1-9][0-9]*$/.test(segment)) {
    const id = Number(segment);
    return id <= MAX_ID ? { kind: "id", id } : undefined;
  }
  if (segment.startsWith("@")) {
    const username = segment.slice(1);
    return USERNAME.test(username) ? { kind: "username", username } : undefined;
  }
  if (segment.indexOf("@") > 0 && !/[\s/]/.test(segment)) return { kind: "email", email: segment };
  return undefined;
}
