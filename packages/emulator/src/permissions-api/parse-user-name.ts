import { invalidArgument } from "./invalid-argument.js";
import { parseUserSegment } from "./parse-user-segment.js";
import type { UserKey } from "./user-key.js";

/**
 * Reads a user resource name, `users/{id}`, `users/@{username}` or `users/{email}`.
 *
 * @param field - the request field, named in the `invalid_argument` error.
 */
export function parseUserName(value: string, field: string): UserKey {
  if (value === "") throw invalidArgument(field, "is required");
  const key = value.startsWith("users/") ? parseUserSegment(value.slice("users/".length)) : undefined;
  if (!key) {
    throw invalidArgument(
      field,
      `${JSON.stringify(value)} is not a user name; expected users/{id}, users/@{username} or users/{email}`,
    );
  }
  return key;
}
