import { invalidArgument } from "./invalid-argument.js";
import { parseRepositoryName } from "./parse-repository-name.js";
import { parseUserSegment } from "./parse-user-segment.js";
import type { UserKey } from "./user-key.js";

/**
 * Reads a permission resource name, `repositories/{id}/explicitRepoPermissions/{user}`, where `{user}` is any
 * user form: `456`, `@alice` or `alice@example.com`.
 *
 * @param field - the request field, named in the `invalid_argument` error.
 */
export function parsePermissionName(value: string, field: string): { repositoryId: number; user: UserKey } {
  if (value === "") throw invalidArgument(field, "is required");
  const parts = value.split("/");
  const user =
    parts.length === 4 && parts[2] === "explicitRepoPermissions"
      ? parseUserSegment(parts[3] ?? "")
      : undefined;
  if (!user) {
    throw invalidArgument(
      field,
      `${JSON.stringify(value)} is not a permission name; expected repositories/{id}/explicitRepoPermissions/{user} ` +
        "where {user} is a numeric id, @username or email",
    );
  }
  return { repositoryId: parseRepositoryName(`${parts[0]}/${parts[1]}`, field), user };
}
