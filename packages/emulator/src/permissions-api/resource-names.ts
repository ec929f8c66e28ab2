import { Code, ConnectError } from "@connectrpc/connect";

// The resource names of the explicit permissions API, read from requests: `repositories/{id}`, a user in any of
// its three forms, a permission `repositories/{id}/explicitRepoPermissions/{user}`, and the Create/List parent.

// Sourcegraph's ids are int32.
const MAX_ID = 2 ** 31 - 1;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A user as a resource name names it: `users/456`, `users/@alice` or `users/alice@example.com`. */
export type UserKey =
  | { readonly kind: "id"; readonly id: number }
  | { readonly kind: "username"; readonly username: string }
  | { readonly kind: "email"; readonly email: string };

/** An `invalid_argument` error whose message starts with the request field at fault, e.g. `parent: ...`. */
export function invalidArgument(field: string, problem: string): ConnectError {
  return new ConnectError(`${field}: ${problem}`, Code.InvalidArgument);
}

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

/**
 * Reads a repository resource name, `repositories/{id}` with a numeric id, and returns the id.
 *
 * @param field - the request field, named in the `invalid_argument` error.
 */
export function parseRepositoryName(value: string, field: string): number {
  if (value === "") throw invalidArgument(field, "is required");
  const match = /^repositories\/([1-9][0-9]*)$/.exec(value);
  const id = match ? Number(match[1]) : 0;
  if (id < 1 || id > MAX_ID) {
    throw invalidArgument(
      field,
      `${JSON.stringify(value)} is not a repository name; expected repositories/{id} with a numeric id`,
    );
  }
  return id;
}

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
