import type { ExplicitRepoPermission } from "@sgkit/contracts/permissions";
import type { RepositoryInput, UserInput } from "../names.js";

/** Per-call options of every method. */
export interface PermissionsCallOptions {
  /**
   * Aborts the call, its retries and the waits between them; the call then rejects with the signal's reason,
   * unchanged. `AbortSignal.timeout(ms)` gives a deadline for the whole call, retries included.
   */
  signal?: AbortSignal;
}

/** The request of {@link PermissionsClient.listPage}. */
export interface ListPageRequest {
  /**
   * Whose permissions to list: a repository (`repositories/123`, listing its users) or a user (`users/456`,
   * `users/@alice`, `users/alice@example.com`, listing their repositories).
   */
  parent: string;
  /** At most this many permissions in the page; 0 or absent lets the server choose. A page may hold fewer. */
  pageSize?: number;
  /** The `nextPageToken` of the previous page; empty or absent for the first page. */
  pageToken?: string;
}

/** One page of permissions. */
export interface PermissionsPage {
  permissions: ExplicitRepoPermission[];
  /** Pass as `pageToken` for the next page; empty on the last page. */
  nextPageToken: string;
}

/** The request of {@link PermissionsClient.list}: {@link ListPageRequest} without the page token. */
export type ListRequest = Omit<ListPageRequest, "pageToken">;

/** The request of {@link PermissionsClient.create}. */
export interface CreateRequest {
  repository: RepositoryInput;
  user: UserInput;
  /**
   * Which side the permission is created under: `"repository"` (the default; sends `parent: repositories/{id}`
   * with the user) or `"user"` (sends `parent: users/{user}` with the repository). Both create the same
   * permission; the documentation shows both.
   */
  parent?: "repository" | "user";
}

/**
 * How a {@link PermissionsClient.grant} ended; the user has access after each of them.
 *
 * - `"created"`: the server answered the Create with the new permission: this call gave the access.
 * - `"already-present"`: the call's one attempt answered `already_exists`: the user had access before this call.
 * - `"present-after-retry"`: the call was retried (its `AlreadyExistsError` has `attempts` above 1) and a later
 *   attempt answered `already_exists`. Most likely an earlier attempt of this very call was applied by the server
 *   and its answer lost, but another writer may have given the access between the attempts: the server's answer
 *   cannot tell which. Report it as such, neither as "created by this call" nor as "was already there".
 */
export type GrantOutcome = "created" | "already-present" | "present-after-retry";

/**
 * How a {@link PermissionsClient.revoke} ended; the user has no explicit access after each of them.
 *
 * - `"deleted"`: the server answered the Delete with success: this call took the access away.
 * - `"already-absent"`: the call's one attempt answered `not_found`: the user had no explicit access before this
 *   call.
 * - `"absent-after-retry"`: the call was retried and a later attempt answered `not_found`: most likely an earlier
 *   attempt of this very call deleted the permission and its answer was lost, but another writer may have done
 *   it between the attempts.
 */
export type RevokeOutcome = "deleted" | "already-absent" | "absent-after-retry";

/** The answer of {@link PermissionsClient.grant}. */
export interface GrantResult {
  /** How the Create ended: see {@link GrantOutcome}. */
  outcome: GrantOutcome;
  /**
   * True only when this call certainly created the permission (`outcome: "created"`). False for
   * `"already-present"` and also for `"present-after-retry"`, where this call may well have made the change: read
   * `outcome` to tell the two apart.
   */
  changed: boolean;
  /** The permission as the server returned it (numeric ids), when this call created it (`"created"`). */
  permission: ExplicitRepoPermission | undefined;
}

/** The answer of {@link PermissionsClient.revoke}. */
export interface RevokeResult {
  /** How the Delete ended: see {@link RevokeOutcome}. */
  outcome: RevokeOutcome;
  /**
   * True only when this call certainly deleted the permission (`outcome: "deleted"`). False for
   * `"already-absent"` and also for `"absent-after-retry"`, where this call may well have made the change: read
   * `outcome` to tell the two apart.
   */
  changed: boolean;
}

/** Options of {@link PermissionsClient.replaceRepositoryPermissions}. */
export interface ReplaceRepositoryPermissionsOptions extends PermissionsCallOptions {
  /** Compute and return the diff without creating or deleting anything (it still reads). Default false. */
  dryRun?: boolean;
  /** At most this many calls in flight at once. Default 4. */
  concurrency?: number;
  /** The page size of the listings of the current permissions; absent lets the server choose. */
  pageSize?: number;
  /**
   * Wait for the replaces of the same repository that started earlier through the same `Connection` (the
   * client's own when it was made from options) to finish, so that two replaces in one process never
   * interleave: they run one after the other, in the order they were called. Default true. Replaces from other
   * processes, and `grant`, `revoke`, `create` and `delete` calls, are not held back: see
   * {@link ReplaceRepositoryPermissionsResult.interference}. An abort while waiting rejects at once.
   */
  serialize?: boolean;
}

/**
 * What another writer did to the ACL while a {@link PermissionsClient.replaceRepositoryPermissions} ran: the
 * re-read after its writes did not find the set it was asked for. User names are numeric (`users/456`), sorted.
 */
export interface ReplaceInterference {
  /** The set the replace was asked for, resolved to numeric ids. */
  expected: string[];
  /** The set the re-read found. */
  actual: string[];
  /** In `expected` but not in `actual`: users who should have access and have none. */
  missing: string[];
  /** In `actual` but not in `expected`: users who have access and should not. */
  extra: string[];
}

/**
 * What {@link PermissionsClient.replaceRepositoryPermissions} did (or, in a dry run, would do), as user resource
 * names. Users are named by their numeric id (`users/456`), as the server names them; a user that a dry run
 * would create and that was given as `@username` or email is named as given, since only a create reveals the
 * id. Each user the call was given or found is in exactly one of the first seven lists, which say what this
 * call knows it did, never more.
 */
export interface ReplaceRepositoryPermissionsResult {
  /** Users this call gave access: their Create answered with the permission. In the order they were given. */
  created: string[];
  /** Users this call took access from: their Delete succeeded. In the order the server listed them. */
  deleted: string[];
  /** Users who had access when the call read the ACL and keep it: nothing was sent for them. */
  unchanged: string[];
  /**
   * Users whose Create was retried and then answered `already_exists`: they have access, most likely thanks to
   * an earlier attempt of this call whose answer was lost, possibly thanks to another writer (see
   * {@link GrantOutcome} `"present-after-retry"`). Never counted as `unchanged`.
   */
  presentAfterRetry: string[];
  /** Users whose Delete was retried and then answered `not_found` (see {@link RevokeOutcome}). */
  absentAfterRetry: string[];
  /**
   * Users the call read as without access whose Create answered `already_exists` at its one attempt: another
   * writer gave them access between this call's read and its write.
   */
  alreadyPresent: string[];
  /**
   * Users the call read as with access whose Delete answered `not_found` at its one attempt: another writer took
   * it away between this call's read and its write.
   */
  alreadyAbsent: string[];
  /**
   * Undefined when the ACL, re-read after this call's writes, held exactly the set asked for (also when nothing
   * needed writing and the first read already held it, and in a dry run, which re-reads nothing). Otherwise
   * another writer changed the ACL while this call ran (the HTTP API has no atomic replace): the set found and
   * the difference. The ACL is then not what was asked for; run the replace again, once the other writer is
   * done, to converge.
   */
  interference: ReplaceInterference | undefined;
}

/**
 * A client of Sourcegraph's explicit repository permissions API (`explicitrepopermissions.v1.Service`),
 * created by `createPermissionsClient`. Every method validates its resource names before sending anything, and
 * rejects with an sgkit error (see the package README for the table).
 */
export interface PermissionsClient {
  /** Reads one permission by name, `repositories/{id}/explicitRepoPermissions/{user}` (any user form). */
  get(name: string, options?: PermissionsCallOptions): Promise<ExplicitRepoPermission>;
  /** Reads one page of a repository's or a user's permissions. */
  listPage(request: ListPageRequest, options?: PermissionsCallOptions): Promise<PermissionsPage>;
  /**
   * Every permission of a repository or a user, page after page (following `next_page_token` until it is
   * empty), fetched lazily as the loop asks for more. The parent is checked when `list` is called.
   */
  list(request: ListRequest, options?: PermissionsCallOptions): AsyncIterable<ExplicitRepoPermission>;
  /** Gives a user explicit access to a repository; rejects with `AlreadyExistsError` when it exists. */
  create(request: CreateRequest, options?: PermissionsCallOptions): Promise<ExplicitRepoPermission>;
  /** Removes a permission by name (any user form); rejects with `NotFoundError` when there is none. */
  delete(name: string, options?: PermissionsCallOptions): Promise<void>;
  /**
   * Makes sure a user has access: creates the permission, and reads `already_exists` as "already there"; the
   * result's `outcome` says whether this call created it, found it, or found it after a retry.
   */
  grant(repository: RepositoryInput, user: UserInput, options?: PermissionsCallOptions): Promise<GrantResult>;
  /**
   * Makes sure a user has no explicit access: deletes the permission, and reads `not_found` as "already gone";
   * the result's `outcome` says whether this call deleted it, found it gone, or found it gone after a retry.
   */
  revoke(
    repository: RepositoryInput,
    user: UserInput,
    options?: PermissionsCallOptions,
  ): Promise<RevokeResult>;
  /**
   * Sets a repository's explicit ACL to exactly `users`, like the legacy GraphQL `setRepositoryPermissionsForUsers`
   * but with the HTTP API's calls: lists the current ACL, creates what is missing, then deletes what is extra,
   * and lists it again to check.
   *
   * **Not atomic.** The HTTP API has one call per user and repository and no conditional write, so another
   * writer (another process, or `grant`/`revoke` of this one) can change the ACL between this call's read and
   * its writes, or between its writes: two replaces that overlap can each keep the other's creates and end in
   * the union of both sets. The call never hides it: after its writes it re-reads the ACL and, when it differs
   * from the set asked for, says so in `interference`; run it again once the other writer is done. Replaces of
   * the same repository made through one `Connection` run one after another (`serialize`, on by default), so
   * they cannot interleave within one process; across processes, give each repository one writer.
   */
  replaceRepositoryPermissions(
    repository: RepositoryInput,
    users: Iterable<UserInput>,
    options?: ReplaceRepositoryPermissionsOptions,
  ): Promise<ReplaceRepositoryPermissionsResult>;
}
