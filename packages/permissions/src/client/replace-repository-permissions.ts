import { mapConcurrent } from "@sgkit/core/internal";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { permissionName, type RepositoryInput, repositoryName, type UserInput, userName } from "../names.js";
import type {
  GrantOutcome,
  ListRequest,
  PermissionsCallOptions,
  PermissionsClient,
  ReplaceInterference,
  ReplaceRepositoryPermissionsOptions,
  ReplaceRepositoryPermissionsResult,
  RevokeOutcome,
} from "./permissions-client.js";
import type { RepositoryQueue } from "./repository-queue.js";

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
 * 2. With `serialize` (the default), it waits for the earlier replaces of the same repository on `queue`.
 * 3. The current ACL is listed. The server names its users by numeric id (`users/456`).
 * 4. Users given as `@username` or email cannot be compared with those ids as text, so each is looked up with
 *    one Get of its permission on this repository, which the server answers with the numeric id when the
 *    permission exists (`not_found` means it does not, and the user is to be created). Resolving them through
 *    Create instead would not do: an `already_exists` answer carries no id, so a user listed as `users/456`
 *    and given as `@alice` would be deleted by mistake. Users given by id need no call.
 * 5. Missing users are created, then, once every create has succeeded, extra users are deleted. Creating first
 *    means nobody who keeps access ever loses it on the way: at every moment the ACL holds at least the users
 *    in both the old and the new set. A failure stops the replace before its deletes; running it again
 *    converges, as every step is idempotent in effect.
 * 6. The ACL is listed again and compared with the set asked for: the HTTP API has no conditional write, so
 *    another writer may have changed it meanwhile, and the result says so (`interference`). When nothing was
 *    written and the first listing already held the set, that listing is the check.
 *
 * `already_exists` on a create and `not_found` on a delete count as done (the state is the one asked for), but
 * the result keeps them apart from this call's own changes: after a retry they are `presentAfterRetry` /
 * `absentAfterRetry` (most likely an attempt of ours whose answer was lost), at the first attempt
 * `alreadyPresent` / `alreadyAbsent` (another writer got there first). A dry run lists and looks up (reads
 * only) and returns the diff it would apply, without writing or re-reading.
 */
export async function replaceRepositoryPermissions(
  client: ReplaceOperations,
  repository: RepositoryInput,
  users: Iterable<UserInput>,
  options: ReplaceRepositoryPermissionsOptions = {},
  queue?: RepositoryQueue,
): Promise<ReplaceRepositoryPermissionsResult> {
  const { dryRun = false, concurrency = 4, pageSize, signal, serialize = true } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}.`);
  }
  const repo = repositoryName(repository);
  const desired = unique(
    [...users].filter((user) => !(typeof user === "string" && user.trim() === "")).map(userName),
  );
  const steps: Steps = {
    client,
    repo,
    concurrency,
    list: pageSize === undefined ? { parent: repo } : { parent: repo, pageSize },
    callOptions: signal ? { signal } : {},
  };
  const run = () => (dryRun ? plan(steps, desired).then(dryRunResult) : apply(steps, desired));
  return serialize && queue !== undefined ? queue.run(repo, signal, run) : run();
}

/** What every step of one replace needs. */
interface Steps {
  client: ReplaceOperations;
  repo: string;
  concurrency: number;
  list: ListRequest;
  callOptions: PermissionsCallOptions;
}

/** The ACL as listed, and who of the users asked for has access already and who is to be created. */
interface Plan {
  listed: string[];
  unchanged: string[];
  toCreate: string[];
}

/** Lists the ACL and resolves the named users (reads only). */
async function plan(steps: Steps, desired: readonly string[]): Promise<Plan> {
  const { client, repo, concurrency, callOptions } = steps;
  const listed = await listUsers(steps);
  const current = new Set(listed);
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
    if (id !== undefined && (current.has(id) || id !== user)) unchanged.push(id);
    else toCreate.push(user);
  }
  return { listed, unchanged: unique(unchanged), toCreate };
}

function dryRunResult({ listed, unchanged, toCreate }: Plan): ReplaceRepositoryPermissionsResult {
  const wanted = new Set([...unchanged, ...toCreate]);
  return {
    ...emptyResult(),
    created: unique(toCreate),
    deleted: unique(listed.filter((user) => !wanted.has(user))),
    unchanged,
  };
}

async function apply(steps: Steps, desired: readonly string[]): Promise<ReplaceRepositoryPermissionsResult> {
  const { client, repo, concurrency, callOptions } = steps;
  const { listed, unchanged, toCreate } = await plan(steps, desired);
  const result: ReplaceRepositoryPermissionsResult = { ...emptyResult(), unchanged };

  const creates = await mapConcurrent(toCreate, concurrency, (user) =>
    createPermission(client, repo, user, callOptions),
  );
  // One user given in two forms (`@bob` and `users/457`) is created twice: the first Create to land made the
  // change, the other met its `already_exists`. A user counts once, by the best-known of its outcomes.
  const best = new Map<string, GrantOutcome>();
  for (const { user, outcome } of creates) {
    const known = best.get(user);
    if (known === undefined || GRANT_RANK[outcome] < GRANT_RANK[known]) best.set(user, outcome);
  }
  // A user given in two forms, listed under its id but not found by the Get of its other form (another writer
  // removed it in between), is created again: this call's change, so no longer `unchanged`.
  const kept = new Set(unchanged);
  for (const [user, outcome] of best) {
    if (kept.has(user)) {
      if (outcome === "already-present") continue;
      kept.delete(user);
    }
    const list =
      outcome === "created"
        ? result.created
        : outcome === "present-after-retry"
          ? result.presentAfterRetry
          : result.alreadyPresent;
    list.push(user);
  }

  result.unchanged = unchanged.filter((user) => kept.has(user));
  const wanted = new Set([...unchanged, ...best.keys()]);
  const toDelete = unique(listed.filter((user) => !wanted.has(user)));
  const deletes = await mapConcurrent(toDelete, concurrency, (user) =>
    deletePermission(client, repo, user, callOptions),
  );
  deletes.forEach((outcome, i) => {
    const list =
      outcome === "deleted"
        ? result.deleted
        : outcome === "absent-after-retry"
          ? result.absentAfterRetry
          : result.alreadyAbsent;
    list.push(toDelete[i] as string);
  });

  // The check: nothing written and the listing held the set already, or a fresh listing.
  const listedMatches = toCreate.length === 0 && toDelete.length === 0 && sameSet(new Set(listed), wanted);
  const actual = listedMatches ? listed : await listUsers(steps);
  if (!listedMatches && !sameSet(new Set(actual), wanted)) {
    result.interference = interference(wanted, actual);
  }
  return result;
}

/** Created first: this call made the change. Then after a retry (probably this call), then already there. */
const GRANT_RANK: Record<GrantOutcome, number> = {
  created: 0,
  "present-after-retry": 1,
  "already-present": 2,
};

/** A result with every list empty and no interference: where a replace starts. */
export function emptyResult(): ReplaceRepositoryPermissionsResult {
  return {
    created: [],
    deleted: [],
    unchanged: [],
    presentAfterRetry: [],
    absentAfterRetry: [],
    alreadyPresent: [],
    alreadyAbsent: [],
    interference: undefined,
  };
}

/** The users of every permission of the repository, page after page, as the server names them. */
async function listUsers({ client, list, callOptions }: Steps): Promise<string[]> {
  const users: string[] = [];
  for await (const permission of client.list(list, callOptions)) users.push(permission.user);
  return users;
}

function interference(expected: ReadonlySet<string>, found: readonly string[]): ReplaceInterference {
  const actual = new Set(found);
  return {
    expected: [...expected].sort(),
    actual: [...actual].sort(),
    missing: [...expected].filter((user) => !actual.has(user)).sort(),
    extra: [...actual].filter((user) => !expected.has(user)).sort(),
  };
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
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

/** Creates `user`'s permission and returns the user's numeric name, and how the Create ended. */
async function createPermission(
  client: ReplaceOperations,
  repo: string,
  user: string,
  options: PermissionsCallOptions,
): Promise<{ user: string; outcome: GrantOutcome }> {
  try {
    return { user: (await client.create({ repository: repo, user }, options)).user, outcome: "created" };
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    // There now, by a retried attempt of ours whose answer was lost or by another writer: the state asked for.
    // A user given by name still needs its id, for the result and so that the deletes spare it.
    const id = NUMERIC_USER.test(user) ? user : (await client.get(permissionName(repo, user), options)).user;
    return { user: id, outcome: error.attempts > 1 ? "present-after-retry" : "already-present" };
  }
}

/** Deletes `user`'s permission, and says how the Delete ended; one already gone counts as done. */
async function deletePermission(
  client: ReplaceOperations,
  repo: string,
  user: string,
  options: PermissionsCallOptions,
): Promise<RevokeOutcome> {
  try {
    await client.delete(permissionName(repo, user), options);
    return "deleted";
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return error.attempts > 1 ? "absent-after-retry" : "already-absent";
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
