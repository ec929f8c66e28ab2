import type { PermissionWriteLog } from "./permission-write-log.js";
import { SortedIdSet } from "./sorted-id-set.js";

/** One page of ids: the ids, ascending, and whether more follow them. */
export interface IdPage {
  readonly ids: number[];
  readonly more: boolean;
}

/**
 * The explicit repository permissions: a set of (repository id, user id) pairs, indexed both ways.
 *
 * Both indexes keep their ids sorted, which gives every listing a stable order (a repository's users by user
 * id, a user's repositories by repository id) and lets pages continue after a cursor id. The HTTP API and,
 * later, the GraphQL API read and write this one set, so a grant made through either is seen by both.
 */
export class ExplicitPermissions {
  readonly #usersByRepository = new Map<number, SortedIdSet>();
  readonly #repositoriesByUser = new Map<number, SortedIdSet>();
  readonly #updatedAt = new Map<number, Date>();
  readonly #now: () => Date;
  readonly #writes: PermissionWriteLog | undefined;
  #size = 0;

  /**
   * @param now - the clock that stamps a repository's permissions when they change.
   * @param writes - where each pair actually added or removed is recorded.
   */
  constructor(now: () => Date = () => new Date(), writes?: PermissionWriteLog) {
    this.#now = now;
    this.#writes = writes;
  }

  /** How many pairs the set holds. */
  get size(): number {
    return this.#size;
  }

  /** Whether the user has an explicit permission on the repository. */
  has(repositoryId: number, userId: number): boolean {
    return this.#usersByRepository.get(repositoryId)?.has(userId) ?? false;
  }

  /** Adds the pair; returns false when it already existed. */
  add(repositoryId: number, userId: number): boolean {
    if (!indexOf(this.#usersByRepository, repositoryId).add(userId)) return false;
    indexOf(this.#repositoriesByUser, userId).add(repositoryId);
    this.#size += 1;
    this.#updatedAt.set(repositoryId, this.#now());
    this.#writes?.record("added", repositoryId, userId);
    return true;
  }

  /** Removes the pair; returns false when it did not exist. */
  delete(repositoryId: number, userId: number): boolean {
    if (!this.#usersByRepository.get(repositoryId)?.delete(userId)) return false;
    this.#repositoriesByUser.get(userId)?.delete(repositoryId);
    this.#size -= 1;
    this.#updatedAt.set(repositoryId, this.#now());
    this.#writes?.record("removed", repositoryId, userId);
    return true;
  }

  /**
   * Makes `userIds` the whole set of users of the repository in one step (nothing else runs in between, so no
   * reader sees half of the change), and stamps the repository even when nothing changed, as a replace call
   * does. Returns the user ids added and removed.
   */
  replaceUsersOf(repositoryId: number, userIds: Iterable<number>): { added: number[]; removed: number[] } {
    const wanted = new Set(userIds);
    const removed = this.usersOf(repositoryId).ids.filter((userId) => !wanted.has(userId));
    for (const userId of removed) this.delete(repositoryId, userId);
    const added = [...wanted].filter((userId) => this.add(repositoryId, userId)).sort((a, b) => a - b);
    this.#updatedAt.set(repositoryId, this.#now());
    return { added, removed };
  }

  /** When the repository's permissions last changed (by either API), or undefined when they never did. */
  updatedAt(repositoryId: number): Date | undefined {
    return this.#updatedAt.get(repositoryId);
  }

  /** The users of a repository with an id above `after`, at most `limit` of them, by user id. */
  usersOf(repositoryId: number, after = 0, limit = Number.POSITIVE_INFINITY): IdPage {
    return this.#usersByRepository.get(repositoryId)?.page(after, limit) ?? { ids: [], more: false };
  }

  /** The repositories of a user with an id above `after`, at most `limit` of them, by repository id. */
  repositoriesOf(userId: number, after = 0, limit = Number.POSITIVE_INFINITY): IdPage {
    return this.#repositoriesByUser.get(userId)?.page(after, limit) ?? { ids: [], more: false };
  }

  /** Every pair, by repository id then user id. */
  pairs(): Array<{ repositoryId: number; userId: number }> {
    return [...this.#usersByRepository.keys()]
      .sort((a, b) => a - b)
      .flatMap((repositoryId) =>
        (this.#usersByRepository.get(repositoryId)?.values() ?? []).map((userId) => ({
          repositoryId,
          userId,
        })),
      );
  }
}

function indexOf(index: Map<number, SortedIdSet>, key: number): SortedIdSet {
  let set = index.get(key);
  if (!set) {
    set = new SortedIdSet();
    index.set(key, set);
  }
  return set;
}
