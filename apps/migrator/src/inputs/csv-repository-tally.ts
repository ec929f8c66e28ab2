import type { AclFragment } from "./acl-fragment.js";

/** What the first pass keeps of one repository of a CSV file. */
export interface CsvRepositoryEntry {
  /** Its first row. */
  readonly line: number;
  /** Its last row so far (0-based row index). */
  closesAt: number;
  /** Distinct users: exact unless `split`, then an upper bound (runs are counted apart). */
  users: number;
  /** Its rows are not all contiguous. */
  split: boolean;
}

/**
 * The first pass's view of a CSV file's repositories, in memory bounded by the repositories plus one run of
 * rows: users are told apart within a run of contiguous rows of one repository only, as keeping every
 * (repository, user) pair would grow with the entries. Repositories whose rows come in several runs are
 * marked `split`, for an exact recount.
 */
export class CsvRepositoryTally {
  readonly repositories = new Map<string, CsvRepositoryEntry>();
  #run: string | undefined;
  #runUsers = new Set<string>();

  /** Adds the file's row number `index` (0-based, in file order). */
  add(row: AclFragment, index: number): void {
    let entry = this.repositories.get(row.repository);
    if (row.repository !== this.#run) {
      this.#run = row.repository;
      this.#runUsers = new Set();
      if (entry !== undefined) entry.split = true;
    }
    if (entry === undefined) {
      entry = { line: row.line, closesAt: index, users: 0, split: false };
      this.repositories.set(row.repository, entry);
    }
    entry.closesAt = index;
    for (const user of row.users) {
      if (!this.#runUsers.has(user.bindId)) {
        this.#runUsers.add(user.bindId);
        entry.users += 1;
      }
    }
  }
}
