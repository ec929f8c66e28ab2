/**
 * A set of positive integer ids kept in ascending order.
 *
 * Pagination seeks past a cursor (the last id a page returned) with a binary search instead of skipping an
 * offset, so a page boundary stays correct while ids are added or removed between pages.
 *
 * Ids added in ascending order (as seeds list them) are appended. Others wait in a hash set until the next read
 * that needs the order (`page`, `values`), which sorts and merges them in one pass, so that a seed listing its
 * grants in any order does not splice each id into place.
 */
export class SortedIdSet {
  #ids: number[] = [];
  // Added out of order since the last ordered read; never also in #ids.
  readonly #unsorted = new Set<number>();

  /** How many ids the set holds. */
  get size(): number {
    return this.#ids.length + this.#unsorted.size;
  }

  /** Whether `id` is in the set. */
  has(id: number): boolean {
    return this.#unsorted.has(id) || this.#ids[this.#lowerBound(id)] === id;
  }

  /** Adds `id`; returns false when it was already there. */
  add(id: number): boolean {
    const last = this.#ids.at(-1);
    if (this.#unsorted.size === 0 && (last === undefined || id > last)) {
      this.#ids.push(id);
      return true;
    }
    if (this.has(id)) return false;
    this.#unsorted.add(id);
    return true;
  }

  /** Removes `id`; returns false when it was not there. */
  delete(id: number): boolean {
    if (this.#unsorted.delete(id)) return true;
    const index = this.#lowerBound(id);
    if (this.#ids[index] !== id) return false;
    this.#ids.splice(index, 1);
    return true;
  }

  /**
   * Up to `limit` ids strictly greater than `after` (0 for the first page), and whether more ids follow them.
   */
  page(after: number, limit: number): { ids: number[]; more: boolean } {
    this.#merge();
    const start = this.#lowerBound(after + 1);
    const ids = this.#ids.slice(start, start + limit);
    return { ids, more: start + ids.length < this.#ids.length };
  }

  /** A copy of every id, ascending. */
  values(): number[] {
    this.#merge();
    return [...this.#ids];
  }

  // Sorts the ids added out of order and merges them into #ids.
  #merge(): void {
    if (this.#unsorted.size === 0) return;
    const added = [...this.#unsorted].sort((a, b) => a - b);
    this.#unsorted.clear();
    const ids = this.#ids;
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (i < ids.length || j < added.length) {
      const next = ids[i] ?? Number.POSITIVE_INFINITY;
      const other = added[j] ?? Number.POSITIVE_INFINITY;
      if (next < other) {
        merged.push(next);
        i++;
      } else {
        merged.push(other);
        j++;
      }
    }
    this.#ids = merged;
  }

  // The index in #ids of the first id >= `id` (the length when there is none).
  #lowerBound(id: number): number {
    let low = 0;
    let high = this.#ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#ids[middle] ?? Number.POSITIVE_INFINITY) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
