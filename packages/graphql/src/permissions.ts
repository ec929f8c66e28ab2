// Repository permissions: the explicit ACL of a repository, unrestricted repositories, sub-repository (path-level)
// rules and their validation, and the listings of who can see what.

import type { GraphQLRequester } from "./client.js";
import { InvalidArgumentError, InvalidPathRuleError, NotFoundError } from "./errors.js";
import {
  AuthorizedUserRepositoriesDocument,
  type AuthorizedUserRepositoriesQuery,
  RepositoryAuthorizedUsersDocument,
  type RepositoryPermission,
  SetRepositoryPermissionsForUsersDocument,
  SetRepositoryPermissionsUnrestrictedDocument,
  SetSubRepositoryPermissionsForUsersDocument,
  type UserFieldsFragment,
  UsersWithPendingPermissionsDocument,
} from "./gen/operations/graphql.js";
import { requireNodeId } from "./node-ids.js";
import { checkPageSize, paginate } from "./pagination.js";

/** Options of the permission mutations. */
export interface MutationOptions {
  signal?: AbortSignal;
}

/**
 * Replaces the explicit ACL of `repository` (a node ID) with `bindIDs` (usernames or verified emails, per the
 * instance's `permissions.userMapping.bindID`), in one transaction: users not listed lose their explicit
 * permission, and an empty list removes everyone's. Site admins only, with the explicit permissions license
 * feature.
 *
 * Blank bindIDs are dropped (the server would store them as pending permissions for nobody) and duplicates
 * sent once. A bindID that matches no user is not an error: the server keeps it as a pending permission, applied
 * when such a user appears (see `usersWithPendingPermissions`).
 *
 * Retried after a lost answer, a 429 or a 5xx: sending the same whole ACL twice leaves it as sending it once.
 *
 * @returns The bindIDs sent, in order.
 */
export async function setRepositoryPermissionsForUsers(
  client: GraphQLRequester,
  repository: string,
  bindIDs: Iterable<string>,
  options: MutationOptions = {},
): Promise<string[]> {
  requireNodeId(repository, "repository", "Repository");
  const sent = [
    ...new Set([...bindIDs].filter((bindID) => typeof bindID === "string" && bindID.trim() !== "")),
  ];
  await client.request(
    SetRepositoryPermissionsForUsersDocument,
    { repository, userPermissions: sent.map((bindID) => ({ bindID, permission: "READ" as const })) },
    options,
  );
  return sent;
}

/**
 * Marks `repositories` (node IDs) as unrestricted (visible to every user, whatever their permissions) or, with
 * `false`, restricted again. Site admins only. An empty list sends nothing.
 *
 * Retried after a lost answer, a 429 or a 5xx: setting a flag twice leaves it as setting it once.
 *
 * @throws {InvalidArgumentError} naming both positions when an ID appears twice (the server refuses duplicates),
 *   or when an ID is empty, before anything is sent.
 */
export async function setRepositoryPermissionsUnrestricted(
  client: GraphQLRequester,
  repositories: Iterable<string>,
  unrestricted: boolean,
  options: MutationOptions = {},
): Promise<void> {
  const ids = [...repositories];
  const seen = new Map<string, number>();
  for (const [index, id] of ids.entries()) {
    requireNodeId(id, `repositories[${index}]`, "Repository");
    const first = seen.get(id);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `repositories[${index}] repeats repositories[${first}] (${id}); the server refuses duplicate IDs.`,
        { argument: `repositories[${index}]` },
      );
    }
    seen.set(id, index);
  }
  if (typeof unrestricted !== "boolean") {
    throw new InvalidArgumentError(
      `unrestricted must be true or false, not ${JSON.stringify(unrestricted)}.`,
      {
        argument: "unrestricted",
      },
    );
  }
  if (ids.length === 0) return;
  await client.request(
    SetRepositoryPermissionsUnrestrictedDocument,
    { repositories: ids, unrestricted },
    options,
  );
}

/** One user's path rules on a repository. */
export interface SubRepoPermission {
  /** The user's bindID: a username or a verified email. */
  bindID: string;
  /**
   * Path globs, in order: a leading `-` denies, later rules override earlier ones, and a path no rule matches is
   * denied. (A user with no entry at all sees the whole repository.)
   */
  paths: readonly string[];
}

/**
 * Sets the sub-repository (path-level) permissions of users on `repository` (a node ID). Site admins only. Every
 * rule is checked locally first (see `validatePathRule`): one bad rule would otherwise fail the whole call on the
 * server, or be stored and match nothing.
 *
 * Not retried: the documentation does not say a repeat is harmless (see `IDEMPOTENT_MUTATIONS`).
 *
 * @throws {InvalidPathRuleError} naming the user's index, the rule's index and the rule, before anything is sent.
 * @throws {InvalidArgumentError} for a blank or repeated bindID.
 * @throws {GraphQLResponseError} from the server, for example when a bindID matches no user (that fails the
 *   whole call).
 */
export async function setSubRepositoryPermissionsForUsers(
  client: GraphQLRequester,
  repository: string,
  userPermissions: readonly SubRepoPermission[],
  options: MutationOptions = {},
): Promise<void> {
  requireNodeId(repository, "repository", "Repository");
  const seen = new Map<string, number>();
  for (const [userIndex, entry] of userPermissions.entries()) {
    const { bindID, paths } = entry;
    if (typeof bindID !== "string" || bindID.trim() === "") {
      throw new InvalidArgumentError(`userPermissions[${userIndex}].bindID must not be blank.`, {
        argument: `userPermissions[${userIndex}].bindID`,
      });
    }
    const first = seen.get(bindID);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `userPermissions[${userIndex}] repeats the bindID of userPermissions[${first}] (${JSON.stringify(bindID)}); give each user's rules in one entry.`,
        { argument: `userPermissions[${userIndex}].bindID` },
      );
    }
    seen.set(bindID, userIndex);
    if (!Array.isArray(paths)) {
      throw new InvalidArgumentError(`userPermissions[${userIndex}].paths must be an array of path globs.`, {
        argument: `userPermissions[${userIndex}].paths`,
      });
    }
    for (const [ruleIndex, path] of paths.entries()) {
      const reason = validatePathRule(path);
      if (reason !== undefined) {
        throw new InvalidPathRuleError(
          `userPermissions[${userIndex}] (bindID ${JSON.stringify(bindID)}) path rule ${ruleIndex} ${JSON.stringify(path)} is not a valid glob: ${reason}.`,
          { userIndex, ruleIndex, path: String(path), reason },
        );
      }
    }
  }
  await client.request(
    SetSubRepositoryPermissionsForUsersDocument,
    {
      repository,
      userPermissions: userPermissions.map(({ bindID, paths }) => ({ bindID, paths: [...paths] })),
    },
    options,
  );
}

/**
 * What is wrong with a sub-repository path rule, or undefined when it is a usable glob. A rule is a glob over
 * repository paths (`src/**`, `*.go`, `docs/[a-z]*`, `{cmd,internal}/**`), with a leading `-` to deny. Checked:
 * something after the `-`, every `[` closed with a non-empty class, every `{` closed, no stray `]` or `}`, no
 * nesting of `[` inside a class, no trailing `\`, and no newline or NUL (which no path holds).
 */
export function validatePathRule(rule: string): string | undefined {
  if (typeof rule !== "string") return "it is not a string";
  const pattern = rule.startsWith("-") ? rule.slice(1) : rule;
  if (rule === "") return "it is empty";
  if (pattern === "") return 'it is a lone "-" with no pattern to deny';
  if (/[\n\r\0]/.test(pattern)) return "it holds a newline or NUL character";
  let braces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === "\\") {
      if (i === pattern.length - 1) return 'it ends with an escaping "\\" that escapes nothing';
      i += 1;
      continue;
    }
    if (char === "[") {
      // A class: `[abc]`, `[a-z]`, `[!abc]` or `[^abc]`; a `]` right after the opening (or its `!`/`^`) is literal
      // in some glob dialects and an empty class in others, so it is refused as ambiguous.
      let j = i + 1;
      if (pattern[j] === "!" || pattern[j] === "^") j += 1;
      if (pattern[j] === "]") return `the class at position ${offset(rule, pattern, i)} is empty`;
      for (; j < pattern.length && pattern[j] !== "]"; j += 1) {
        if (pattern[j] === "\\") j += 1;
        else if (pattern[j] === "[")
          return `a "[" is nested inside the class opened at position ${offset(rule, pattern, i)}`;
      }
      if (j >= pattern.length) return `the "[" at position ${offset(rule, pattern, i)} is never closed`;
      i = j;
      continue;
    }
    if (char === "]") return `the "]" at position ${offset(rule, pattern, i)} closes no "["`;
    if (char === "{") braces += 1;
    if (char === "}") {
      if (braces === 0) return `the "}" at position ${offset(rule, pattern, i)} closes no "{"`;
      braces -= 1;
    }
  }
  if (braces > 0) return `${braces === 1 ? 'a "{" is' : `${braces} "{" are`} never closed`;
  return undefined;
}

/** Positions are counted in the rule as given, the `-` included. */
function offset(rule: string, pattern: string, index: number): number {
  return index + (rule.length - pattern.length);
}

/** A repository as the permission listings give it. */
export type AuthorizedRepository =
  AuthorizedUserRepositoriesQuery["authorizedUserRepositories"]["nodes"][number];

/** Whose repositories {@link authorizedUserRepositories} lists: give `username` or `email`. */
export interface AuthorizedUserRepositoriesOptions {
  username?: string;
  email?: string;
  /** The permission level. Default `READ` (the only one). */
  perm?: RepositoryPermission;
  /** Repositories per request, 1 to 100 (the server's maximum). Default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** The server's largest page of `authorizedUserRepositories`. */
const MAX_AUTHORIZED_REPOSITORIES_PAGE = 100;

/**
 * The repositories a user can access (site admins only), by username or email, as an async iterable that asks
 * for the next page of 100 when the previous one is consumed. For a bindID that no user has yet, the server lists
 * the repositories of its pending permissions.
 *
 * @throws {InvalidArgumentError} at once, unless exactly one of `username` and `email` is given (non-blank).
 */
export function authorizedUserRepositories(
  client: GraphQLRequester,
  options: AuthorizedUserRepositoriesOptions,
): AsyncIterable<AuthorizedRepository> {
  const { username, email } = options;
  const given = [username, email].filter((value) => value !== undefined);
  if (given.length !== 1 || given.some((value) => typeof value !== "string" || value.trim() === "")) {
    throw new InvalidArgumentError("Give exactly one of username and email, not blank.", {
      argument: username === undefined ? "email" : "username",
    });
  }
  const first = checkPageSize(
    options.pageSize ?? MAX_AUTHORIZED_REPOSITORIES_PAGE,
    MAX_AUTHORIZED_REPOSITORIES_PAGE,
  );
  const requestOptions = options.signal ? { signal: options.signal } : {};
  return paginate("authorizedUserRepositories", async (after) => {
    const data = await client.request(
      AuthorizedUserRepositoriesDocument,
      {
        ...(username === undefined ? { email } : { username }),
        perm: options.perm ?? "READ",
        first,
        after,
      },
      requestOptions,
    );
    return data.authorizedUserRepositories;
  });
}

/** Options of {@link repositoryAuthorizedUsers}. */
export interface RepositoryAuthorizedUsersOptions {
  /** Users per request, 1 to 1000. Default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * The users that can access `repository` (a node ID; site admins only), as an async iterable that fetches the
 * next page when the previous one is consumed.
 *
 * @throws {NotFoundError} (when iterating) when no repository has that ID or the viewer cannot see it.
 * @throws {InvalidArgumentError} (when iterating) when the ID is another kind of node.
 */
export function repositoryAuthorizedUsers(
  client: GraphQLRequester,
  repository: string,
  options: RepositoryAuthorizedUsersOptions = {},
): AsyncIterable<UserFieldsFragment> {
  requireNodeId(repository, "repository", "Repository");
  const first = checkPageSize(options.pageSize ?? 100, 1000);
  const requestOptions = options.signal ? { signal: options.signal } : {};
  return paginate(`authorizedUsers of ${repository}`, async (after) => {
    const { node } = await client.request(
      RepositoryAuthorizedUsersDocument,
      { repository, first, after },
      requestOptions,
    );
    if (node === null)
      throw new NotFoundError(`No repository has the ID ${repository}, or you cannot see it.`);
    if (node.__typename !== "Repository") {
      throw new InvalidArgumentError(
        `${repository} is the ID of a ${node.__typename}, not of a Repository.`,
        {
          argument: "repository",
        },
      );
    }
    return node.authorizedUsers;
  });
}

/**
 * The bindIDs (usernames or emails) that hold pending permissions: granted by `setRepositoryPermissionsForUsers`
 * before any user with that bindID existed, and applied when one appears. Site admins only.
 */
export async function usersWithPendingPermissions(
  client: GraphQLRequester,
  options: { signal?: AbortSignal } = {},
): Promise<string[]> {
  const data = await client.request(UsersWithPendingPermissionsDocument, {}, options);
  return data.usersWithPendingPermissions;
}
