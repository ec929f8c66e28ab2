import { checkSubRepoPath } from "./check-sub-repo-path.js";
import { isPathAllowed } from "./is-path-allowed.js";

/** One user's sub-repository rules on one repository. */
export interface SubRepoRule {
  readonly repositoryId: number;
  readonly userId: number;
  /** Path globs in order; a leading `-` denies; later entries override earlier ones. */
  readonly paths: readonly string[];
}

/**
 * Sub-repository permissions: for a (repository, user) pair, an ordered list of path globs. A glob allows the
 * paths it matches, or denies them with a leading `-`; when several match, the last one wins; a path that none
 * matches is denied; a pair with no rules sees the whole repository. Set through GraphQL's
 * `setSubRepositoryPermissionsForUsers` (the HTTP API has no sub-repository permissions yet).
 */
export class SubRepoPermissions {
  readonly #byRepository = new Map<number, Map<number, readonly string[]>>();

  /** How many (repository, user) pairs have rules. */
  get size(): number {
    let size = 0;
    for (const users of this.#byRepository.values()) size += users.size;
    return size;
  }

  /**
   * Stores the rules of a pair, replacing what it had.
   *
   * @throws SyntaxError when a path is empty, is only `-`, or is not a valid glob.
   */
  set(repositoryId: number, userId: number, paths: readonly string[]): void {
    for (const path of paths) checkSubRepoPath(path);
    let users = this.#byRepository.get(repositoryId);
    if (!users) {
      users = new Map();
      this.#byRepository.set(repositoryId, users);
    }
    users.set(userId, Object.freeze([...paths]));
  }

  /** The rules of a pair, or undefined when it has none (it then sees the whole repository). */
  get(repositoryId: number, userId: number): readonly string[] | undefined {
    return this.#byRepository.get(repositoryId)?.get(userId);
  }

  /** Removes the rules of a pair; returns false when it had none. */
  delete(repositoryId: number, userId: number): boolean {
    const users = this.#byRepository.get(repositoryId);
    if (!users?.delete(userId)) return false;
    if (users.size === 0) this.#byRepository.delete(repositoryId);
    return true;
  }

  /** Whether the user may see `path` (relative, or starting with `/`) of the repository. */
  allows(repositoryId: number, userId: number, path: string): boolean {
    return isPathAllowed(this.get(repositoryId, userId), path);
  }

  /** Every rule, by repository id then user id. */
  all(): SubRepoRule[] {
    return [...this.#byRepository]
      .sort(([a], [b]) => a - b)
      .flatMap(([repositoryId, users]) =>
        [...users].sort(([a], [b]) => a - b).map(([userId, paths]) => ({ repositoryId, userId, paths })),
      );
  }
}
