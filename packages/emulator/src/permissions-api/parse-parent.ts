import { invalidArgument } from "./invalid-argument.js";
import { parseRepositoryName } from "./parse-repository-name.js";
import { parseUserName } from "./parse-user-name.js";
import type { UserKey } from "./user-key.js";

/** A Create or List parent: a repository (its users) or a user (their repositories). */
export type Parent =
  | { readonly kind: "repository"; readonly repositoryId: number }
  | { readonly kind: "user"; readonly user: UserKey };

/**
 * Reads a Create or List parent: `repositories/{id}`, or a user in any form (`users/{id}`, `users/@{username}`,
 * `users/{email}`).
 *
 * @param field - the request field, named in the `invalid_argument` error.
 */
export function parseParent(value: string, field: string): Parent {
  if (value === "") throw invalidArgument(field, "is required");
  if (value.startsWith("repositories/"))
    return { kind: "repository", repositoryId: parseRepositoryName(value, field) };
  if (value.startsWith("users/")) return { kind: "user", user: parseUserName(value, field) };
  throw invalidArgument(
    field,
    `${JSON.stringify(value)} is not a parent; expected repositories/{id}, users/{id}, users/@{username} or users/{email}`,
  );
}
