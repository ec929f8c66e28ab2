// The resource names of the explicit permissions API (`repositories/123`, `users/@alice`,
// `repositories/123/explicitRepoPermissions/456`): building them from what callers give, and parsing them back.

import { InvalidResourceNameError, type ResourceKind } from "./errors/invalid-resource-name-error.js";

/**
 * A user as the explicit permissions API names it, in one of its three documented forms: the numeric id
 * (`users/456`), the username (`users/@alice`) or an email address (`users/alice@example.com`, case-sensitive).
 */
export type UserRef =
  | { form: "id"; id: number }
  | { form: "username"; username: string }
  | { form: "email"; email: string };

/** The longest piece of a bad value quoted in an error message: enough to recognise it, not a whole file. */
const MAX_QUOTED = 100;

/** A value quoted for an error message: JSON-quoted strings (so blanks and line breaks show), clipped. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const clipped = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    return JSON.stringify(clipped);
  }
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value === null) return "null";
  return typeof value;
}

/** A database id as Sourcegraph writes it in resource names: digits, no sign, no leading zero. */
const NUMERIC_ID = /^[1-9][0-9]*$/;
/**
 * Sourcegraph's repository and user ids are 32-bit (PostgreSQL `serial`, Go `int32`): a larger one names nothing,
 * and the server (like `@sgkit/emulator`) refuses it.
 */
export const MAX_NUMERIC_ID = 2 ** 31 - 1;

/**
 * The id in `text` or `value`, when it is a whole number from 1 to {@link MAX_NUMERIC_ID} written plainly (`123`,
 * not `0123`, `1e3` or `+123`); undefined otherwise. Ids are compared as text by the server, so only one
 * spelling is accepted.
 */
export function parseNumericId(value: string | number): number | undefined {
  const id = typeof value === "number" ? value : NUMERIC_ID.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(id) && id > 0 && id <= MAX_NUMERIC_ID ? id : undefined;
}

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

/** A repository as the client's methods take it: its numeric id, or its resource name `repositories/{id}`. */
export type RepositoryInput = number | string;

/**
 * The resource name of a repository, `repositories/{id}`, from its numeric id (`123` or `"123"`) or from a
 * name that is already one (`"repositories/123"`, checked and returned as is).
 *
 * The id is Sourcegraph's numeric database id (the number a GraphQL node ID encodes: `UmVwb3NpdG9yeToxMjM=` is
 * `Repository:123`), not the repository's path such as `github.com/acme/api` and not the node ID itself.
 *
 * @throws {InvalidResourceNameError} when the value is neither.
 */
export function repositoryName(repository: RepositoryInput): string {
  const text = typeof repository === "string" ? repository.replace(/^repositories\//, "") : repository;
  const id = typeof text === "string" || typeof text === "number" ? parseNumericId(text) : undefined;
  if (id === undefined) {
    throw new InvalidResourceNameError(
      `Invalid repository ${describeValue(repository)}: expected a numeric repository id such as 123 (1 to ` +
        `${MAX_NUMERIC_ID}), or repositories/{numeric id}. The id is the numeric database id (GraphQL node IDs ` +
        "encode it as Repository:<id>), not the repository's path.",
      { value: repository, resourceKind: "repository" },
    );
  }
  return `repositories/${id}`;
}

/**
 * A user as the client's methods take it: a numeric id (`456`), `@username`, an email address, or a resource
 * name that is already one of these (`users/456`, `users/@alice`, `users/alice@example.com`).
 */
export type UserInput = number | string;

/**
 * The resource name of a user: `users/456`, `users/@alice` or `users/alice@example.com`, from any
 * {@link UserInput}. A bare `alice` is refused rather than guessed: it could be a username missing its `@`, or a
 * typo of an email address, and the two name different people.
 *
 * @throws {InvalidResourceNameError} when the value is none of the documented forms.
 */
export function userName(user: UserInput): string {
  if (typeof user === "number") {
    const id = parseNumericId(user);
    if (id !== undefined) return `users/${id}`;
  } else if (typeof user === "string") {
    const part = user.startsWith("users/") ? user.slice("users/".length) : user;
    if (parseUserPart(part) !== undefined) return `users/${part}`;
  }
  throw new InvalidResourceNameError(
    `Invalid user ${describeValue(user)}: expected a numeric user id (456; 1 to ${MAX_NUMERIC_ID}), @username, an email address, or ` +
      "users/{numeric id}, users/@{username} or users/{email}.",
    { value: user, resourceKind: "user" },
  );
}

/**
 * The resource name of a user's explicit permission on a repository,
 * `repositories/{id}/explicitRepoPermissions/{user}`, where `{user}` keeps the form it was given in (`456`,
 * `@alice` or `alice@example.com`): the server resolves any of them.
 *
 * @throws {InvalidResourceNameError} when the repository or the user is malformed.
 */
export function permissionName(repository: RepositoryInput, user: UserInput): string {
  return permissionNameOf(repositoryName(repository), userName(user));
}

/**
 * The name of the permission of `user` on `repository`, both already valid resource names
 * (`repositories/{id}`, `users/{user}`): `repositories/{id}/explicitRepoPermissions/{user}`.
 */
export function permissionNameOf(repository: string, user: string): string {
  return `${repository}/explicitRepoPermissions/${user.slice("users/".length)}`;
}
