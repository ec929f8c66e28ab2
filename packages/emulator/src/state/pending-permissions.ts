import { SortedIdSet } from "./sorted-id-set.js";

/**
 * Permissions waiting for a user who does not exist yet, keyed by the legacy bindID (a username or an email).
 *
 * The legacy GraphQL mutation stores unknown bindIDs here instead of failing; when a user with that username
 * or email is added, the state turns them into explicit permissions.
 */
export class PendingPermissions {
  readonly #byBindID = new Map<string, SortedIdSet>();
  // The other way round, so that a repository's bindIDs are found without visiting every bindID.
  readonly #byRepository = new Map<number, Set<string>>();

  /** Adds a pending permission; returns false when it was already pending. */
  add(bindID: string, repositoryId: number): boolean {
    let set = this.#byBindID.get(bindID);
    if (!set) {
      set = new SortedIdSet();
      this.#byBindID.set(bindID, set);
    }
    if (!set.add(repositoryId)) return false;
    let bindIDs = this.#byRepository.get(repositoryId);
    if (!bindIDs) {
      bindIDs = new Set();
      this.#byRepository.set(repositoryId, bindIDs);
    }
    bindIDs.add(bindID);
    return true;
  }

  /** Removes a pending permission; returns false when it was not pending. */
  delete(bindID: string, repositoryId: number): boolean {
    const set = this.#byBindID.get(bindID);
    if (!set?.delete(repositoryId)) return false;
    if (set.size === 0) this.#byBindID.delete(bindID);
    this.#forget(repositoryId, bindID);
    return true;
  }

  /** The repository ids pending for a bindID, ascending. */
  repositoriesOf(bindID: string): number[] {
    return this.#byBindID.get(bindID)?.values() ?? [];
  }

  /** The bindIDs with a permission pending on the repository, sorted. */
  bindIDsOf(repositoryId: number): string[] {
    return [...(this.#byRepository.get(repositoryId) ?? [])].sort();
  }

  /**
   * Makes `bindIDs` the whole set of bindIDs pending on the repository, as the legacy mutation that replaces a
   * repository's ACL does for the bindIDs it cannot resolve.
   */
  replaceBindIDsOf(repositoryId: number, bindIDs: Iterable<string>): void {
    const wanted = new Set(bindIDs);
    for (const bindID of this.bindIDsOf(repositoryId)) {
      if (!wanted.has(bindID)) this.delete(bindID, repositoryId);
    }
    for (const bindID of wanted) this.add(bindID, repositoryId);
  }

  /** Removes and returns the repository ids pending for a bindID. */
  take(bindID: string): number[] {
    const ids = this.repositoriesOf(bindID);
    this.#byBindID.delete(bindID);
    for (const repositoryId of ids) this.#forget(repositoryId, bindID);
    return ids;
  }

  /** The bindIDs with pending permissions, sorted. */
  bindIDs(): string[] {
    return [...this.#byBindID.keys()].sort();
  }

  #forget(repositoryId: number, bindID: string): void {
    const bindIDs = this.#byRepository.get(repositoryId);
    bindIDs?.delete(bindID);
    if (bindIDs?.size === 0) this.#byRepository.delete(repositoryId);
  }
}
