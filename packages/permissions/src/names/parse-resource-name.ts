import { InvalidResourceNameError, type ResourceKind } from "../errors/invalid-resource-name-error.js";
import { describeValue } from "./describe-value.js";
import { parseNumericId } from "./parse-numeric-id.js";
import { parseUserPart } from "./parse-user-part.js";
import type { UserRef } from "./user-ref.js";

/** A repository's resource name, `repositories/{id}`. */
export interface ParsedRepositoryName {
  kind: "repository";
  /** The name as parsed. */
  name: string;
  repositoryId: number;
}

/** A user's resource name, `users/{id}`, `users/@{username}` or `users/{email}`. */
export interface ParsedUserName {
  kind: "user";
  name: string;
  user: UserRef;
}

/** A permission's resource name, `repositories/{id}/explicitRepoPermissions/{user}` with any user form. */
export interface ParsedPermissionName {
  kind: "permission";
  name: string;
  repositoryId: number;
  /** The repository's own name, `repositories/{id}`. */
  repository: string;
  /** The user's own name in the form the permission name used: `users/456`, `users/@alice`, `users/a@b.c`. */
  user: string;
  userRef: UserRef;
}

/** Any resource name of the explicit permissions API, parsed. */
export type ParsedResourceName = ParsedRepositoryName | ParsedUserName | ParsedPermissionName;

/** What each expected kind parses to: `parent` is a repository or a user, the two things permissions hang from. */
export interface ParsedResourceNames {
  repository: ParsedRepositoryName;
  user: ParsedUserName;
  permission: ParsedPermissionName;
  parent: ParsedRepositoryName | ParsedUserName;
}

const FORMS: Record<ResourceKind, string> = {
  repository: "repositories/{numeric id}",
  user: "users/{numeric id}, users/@{username} or users/{email}",
  permission:
    "repositories/{id}/explicitRepoPermissions/{user}, where {user} is a numeric id, @username or email",
  parent: "repositories/{numeric id}, or users/{numeric id}, users/@{username} or users/{email}",
};

/**
 * Parses and validates a resource name of the explicit permissions API: `repositories/123`, `users/456`,
 * `users/@alice`, `users/alice@example.com`, and `repositories/123/explicitRepoPermissions/{user}` with any of
 * those user forms (`456`, `@alice`, `alice@example.com`). With `expected`, only that kind is accepted.
 *
 * Strict on purpose: no surrounding spaces, no trailing slash, ids without sign or leading zero, usernames and
 * emails free of anything that would change the path (`/`, `?`, `#`, `%`, blanks, control characters). Emails
 * keep their case: the API treats them as case-sensitive.
 *
 * @throws {InvalidResourceNameError} naming the value and the accepted forms, when the name is malformed.
 */
export function parseResourceName<K extends ResourceKind>(name: string, expected: K): ParsedResourceNames[K];
export function parseResourceName(name: string): ParsedResourceName;
export function parseResourceName(name: string, expected?: ResourceKind): ParsedResourceName {
  const parsed = typeof name === "string" ? parse(name) : undefined;
  if (parsed !== undefined && accepts(expected, parsed.kind)) return parsed;
  const kind = expected ?? "parent";
  const forms = expected === undefined ? `${FORMS.parent}, or ${FORMS.permission}` : FORMS[kind];
  const what = expected === undefined ? "resource name" : `${kind} name`;
  throw new InvalidResourceNameError(`Invalid ${what} ${describeValue(name)}: expected ${forms}.`, {
    value: name,
    resourceKind: kind,
  });
}

function accepts(expected: ResourceKind | undefined, kind: ParsedResourceName["kind"]): boolean {
  if (expected === undefined || expected === kind) return true;
  return expected === "parent" && (kind === "repository" || kind === "user");
}

function parse(name: string): ParsedResourceName | undefined {
  const segments = name.split("/");
  if (segments.length === 2 && segments[0] === "repositories") {
    const repositoryId = parseNumericId(segments[1] ?? "");
    return repositoryId === undefined ? undefined : { kind: "repository", name, repositoryId };
  }
  if (segments.length === 2 && segments[0] === "users") {
    const user = parseUserPart(segments[1] ?? "");
    return user === undefined ? undefined : { kind: "user", name, user };
  }
  if (segments.length === 4 && segments[0] === "repositories" && segments[2] === "explicitRepoPermissions") {
    const repositoryId = parseNumericId(segments[1] ?? "");
    const userRef = parseUserPart(segments[3] ?? "");
    if (repositoryId === undefined || userRef === undefined) return undefined;
    return {
      kind: "permission",
      name,
      repositoryId,
      repository: `repositories/${repositoryId}`,
      user: `users/${segments[3]}`,
      userRef,
    };
  }
  return undefined;
}
