/** One change applied to the explicit permissions. */
export interface PermissionWrite {
  /** `added`: the pair was granted; `removed`: it was revoked. */
  readonly kind: "added" | "removed";
  readonly repositoryId: number;
  readonly userId: number;
}

/**
 * Every change actually applied to the explicit permissions, in order: a pair granted or revoked, by the HTTP
 * API's Create or Delete, GraphQL's `setRepositoryPermissionsForUsers`, a pending permission applied when its user
 * appears, or a test changing the state. A Create answered `already_exists` or a Delete answered `not_found`
 * applied nothing and is not here, so a test can prove that retries (after a lost answer, say) and restarts never
 * applied a write twice: `writes.added(repositoryId, userId) === 1`.
 *
 * Recording only appends; the per-pair counts are built when first asked for, since most writes (a seed's, say)
 * are never asked about.
 */
export class PermissionWriteLog {
  readonly #added: boolean[] = [];
  readonly #repositoryIds: number[] = [];
  readonly #userIds: number[] = [];
  // Times each pair was added and removed, by repository then user, over the first #counted entries.
  readonly #counts = new Map<number, Map<number, { added: number; removed: number }>>();
  #counted = 0;

  /** How many writes were applied. */
  get size(): number {
    return this.#added.length;
  }

  /** Records an applied write. */
  record(kind: PermissionWrite["kind"], repositoryId: number, userId: number): void {
    this.#added.push(kind === "added");
    this.#repositoryIds.push(repositoryId);
    this.#userIds.push(userId);
  }

  /** How many times the pair was added (granted when it was not). */
  added(repositoryId: number, userId: number): number {
    return this.#countsOf(repositoryId, userId)?.added ?? 0;
  }

  /** How many times the pair was removed (revoked when it existed). */
  removed(repositoryId: number, userId: number): number {
    return this.#countsOf(repositoryId, userId)?.removed ?? 0;
  }

  /** The writes, oldest first (a copy). */
  entries(): PermissionWrite[] {
    return this.#added.map((added, index) => ({
      kind: added ? "added" : "removed",
      repositoryId: this.#repositoryIds[index] as number,
      userId: this.#userIds[index] as number,
    }));
  }

  /** Forgets every write, e.g. once a test has set its state up. */
  reset(): void {
    this.#added.length = 0;
    this.#repositoryIds.length = 0;
    this.#userIds.length = 0;
    this.#counts.clear();
    this.#counted = 0;
  }

  #countsOf(repositoryId: number, userId: number): { added: number; removed: number } | undefined {
    for (; this.#counted < this.#added.length; this.#counted++) {
      const repository = this.#repositoryIds[this.#counted] as number;
      const user = this.#userIds[this.#counted] as number;
      let byUser = this.#counts.get(repository);
      if (!byUser) {
        byUser = new Map();
        this.#counts.set(repository, byUser);
      }
      let counts = byUser.get(user);
      if (!counts) {
        counts = { added: 0, removed: 0 };
        byUser.set(user, counts);
      }
      if (this.#added[this.#counted]) counts.added++;
      else counts.removed++;
    }
    return this.#counts.get(repositoryId)?.get(userId);
  }
}
