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

/** The answer of {@link PermissionsClient.grant}. */
export interface GrantResult {
  /** True when this call created the permission; false when the user had access already. */
  changed: boolean;
  /** The permission as the server returned it (numeric ids), when this call created it. */
  permission: ExplicitRepoPermission | undefined;
}

/** The answer of {@link PermissionsClient.revoke}. */
export interface RevokeResult {
  /** True when this call deleted the permission; false when the user had no explicit access already. */
  changed: boolean;
}

/** Options of {@link PermissionsClient.replaceRepositoryPermissions}. */
export interface ReplaceRepositoryPermissionsOptions extends PermissionsCallOptions {
  /** Compute and return the diff without creating or deleting anything (it still reads). Default false. */
  dryRun?: boolean;
  /** At most this many calls in flight at once. Default 4. */
  concurrency?: number;
  /** The page size of the listing of the current permissions; absent lets the server choose. */
  pageSize?: number;
}

/**
 * What {@link PermissionsClient.replaceRepositoryPermissions} changed (or, in a dry run, would change), as user
 * resource names, relative to the permissions it listed first. Users are named by their numeric id
 * (`users/456`), as the server names them; a user that a dry run would create and that was given as
 * `@username` or email is named as given, since only a create reveals the id.
 */
export interface ReplaceRepositoryPermissionsResult {
  /** Users who gained access, in the order they were given. */
  created: string[];
  /** Users who lost access, in the order the server listed them. */
  deleted: string[];
  /** Users who had access and keep it, in the order they were given. */
  unchanged: string[];
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
  /** Makes sure a user has access: creates the permission, and reads `already_exists` as "unchanged". */
  grant(repository: RepositoryInput, user: UserInput, options?: PermissionsCallOptions): Promise<GrantResult>;
  /** Makes sure a user has no explicit access: deletes the permission, and reads `not_found` as "unchanged". */
  revoke(
    repository: RepositoryInput,
    user: UserInput,
    options?: PermissionsCallOptions,
  ): Promise<RevokeResult>;
  /**
   * Sets a repository's explicit ACL to exactly `users`, like the legacy GraphQL `setRepositoryPermissionsForUsers`
   * but with the HTTP API's calls: lists the current ACL, creates what is missing, then deletes what is extra.
   */
  replaceRepositoryPermissions(
    repository: RepositoryInput,
    users: Iterable<UserInput>,
    options?: ReplaceRepositoryPermissionsOptions,
  ): Promise<ReplaceRepositoryPermissionsResult>;
}
