import { mapConcurrent } from "@sgkit/core/internal";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { permissionName, type RepositoryInput, repositoryName, type UserInput, userName } from "../names.js";
import type {
  PermissionsCallOptions,
  PermissionsClient,
  ReplaceRepositoryPermissionsOptions,
  ReplaceRepositoryPermissionsResult,
} from "./permissions-client.js";

/** The calls the replace is made of. */
export type ReplaceOperations = Pick<PermissionsClient, "list" | "get" | "create" | "delete">;

/** How the server names users in its answers, and so the only form two users can be compared in. */
const NUMERIC_USER = /^users\/\d+$/;

/**
 * Sets a repository's explicit ACL to exactly `users`: the set semantics of the legacy GraphQL
 * `setRepositoryPermissionsForUsers`, built from the HTTP API's single-pair calls (it has no replace call).
 *
 * 1. Every user is validated first (blank strings are dropped, as a legacy caller's empty bindIDs should be), so
 *    that a typo fails the whole replace before anything is sent, not half-way through.
 * 2. The current ACL is listed. The server names its users by numeric id (`users/456`).
 * 3. Users given as `@username` or email cannot be compared with those ids as text, so each is looked up with
 *    one Get of its permission on this repository, which the server answers with the numeric id when the
 *    permission exists (`not_found` means it does not, and the user is to be created). Resolving them through
 *    Create instead would not do: an `already_exists` answer carries no id, so a user listed as `users/456`
 *    and given as `@alice` would be deleted by mistake. Users given by id need no call.
 * 4. Missing users are created, then, once every create has succeeded, extra users are deleted. Creating first
 *    means nobody who keeps access ever loses it on the way: at every moment the ACL holds at least the users
 *    in both the old and the new set. A failure stops the replace before its deletes; running it again
 *    converges, as every step is idempotent in effect.
 *
 * `already_exists` on a create and `not_found` on a delete count as done (the state is the one asked for; it
 * may come from a retried attempt whose answer was lost), so the diff is exact relative to the listed ACL. A
 * dry run lists and looks up (reads only) and returns the same diff without writing.
 */
export async function replaceRepositoryPermissions(
  client: ReplaceOperations,
  repository: RepositoryInput,
  users: Iterable<UserInput>,
  options: ReplaceRepositoryPermissionsOptions = {},
): Promise<ReplaceRepositoryPermissionsResult> {
  const { dryRun = false, concurrency = 4, pageSize, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}.`);
  }
  const repo = repositoryName(repository);
  const desired = unique(
    [...users].filter((user) => !(typeof user === "string" && user.trim() === "")).map(userName),
  );
  const callOptions: PermissionsCallOptions = signal ? { signal } : {};

  const current: string[] = [];
  for await (const permission of client.list(
    { parent: repo, ...(pageSize === undefined ? {} : { pageSize }) },
    callOptions,
  )) {
    current.push(permission.user);
  }
  const currentUsers = new Set(current);

  const named = desired.filter((user) => !NUMERIC_USER.test(user));
  const ids = new Map<string, string | undefined>();
  await mapConcurrent(named, concurrency, async (user) => {
    ids.set(user, await existingUser(client, repo, user, callOptions));
  });

  const unchanged: string[] = [];
  const toCreate: string[] = [];
  for (const user of desired) {
    const id = NUMERIC_USER.test(user) ? user : ids.get(user);
    // A named user the server resolved has the permission, listed or not (the listing may be a moment older).
    if (id !== undefined && (currentUsers.has(id) || id !== user)) unchanged.push(id);
    else toCreate.push(user);
  }

  const created = dryRun
    ? toCreate
    : await mapConcurrent(toCreate, concurrency, (user) => createPermission(client, repo, user, callOptions));
  const wanted = new Set([...unchanged, ...created]);
  const deleted = unique(current.filter((user) => !wanted.has(user)));
  if (!dryRun) {
    await mapConcurrent(deleted, concurrency, (user) => deletePermission(client, repo, user, callOptions));
  }
  return { created: unique(created), deleted, unchanged: unique(unchanged) };
}

/** The numeric user name of `user`'s permission on `repo`, or undefined when there is none. */
async function existingUser(
  client: ReplaceOperations,
  repo: string,
  user: string,
  options: PermissionsCallOptions,
): Promise<string | undefined> {
  try {
    return (await client.get(permissionName(repo, user), options)).user;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Creates `user`'s permission and returns the user's numeric name. */
async function createPermission(
  client: ReplaceOperations,
  repo: string,
  user: string,
  options: PermissionsCallOptions,
): Promise<string> {
  try {
    return (await client.create({ repository: repo, user }, options)).user;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    // There now, by a retried attempt of ours whose answer was lost or by another writer: the state asked for.
    // A user given by name still needs its id, for the diff and so that the deletes spare it.
    return NUMERIC_USER.test(user) ? user : (await client.get(permissionName(repo, user), options)).user;
  }
}

/** Deletes `user`'s permission; one already gone counts as deleted. */
async function deletePermission(
  client: ReplaceOperations,
  repo: string,
  user: string,
  options: PermissionsCallOptions,
): Promise<void> {
  try {
    await client.delete(permissionName(repo, user), options);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
