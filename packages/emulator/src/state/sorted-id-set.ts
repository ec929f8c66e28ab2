/**
 * A set of positive integer ids kept in ascending order.
 *
 * Pagination seeks past a cursor (the last id a page returned) with a binary search instead of skipping an
 * offset, so a page boundary stays correct while ids are added or removed between pages.
 */
export class SortedIdSet {
  readonly #ids: number[] = [];

  /** How many ids the set holds. */
  get size(): number {
    return this.#ids.length;
  }

  /** Whether `id` is in the set. */
  has(id: number): boolean {
    const index = this.#lowerBound(id);
    return this.#ids[index] === id;
  }

  /** Adds `id`; returns false when it was already there. */
  add(id: number): boolean {
    // Seeds and most writes come in ascending order: appending skips the search and the splice.
    const last = this.#ids.at(-1);
    if (last === undefined || id > last) {
      this.#ids.push(id);
      return true;
    }
    const index = this.#lowerBound(id);
    if (this.#ids[index] === id) return false;
    this.#ids.splice(index, 0, id);
    return true;
  }

  /** Removes `id`; returns false when it was not there. */
  delete(id: number): boolean {
    const index = this.#lowerBound(id);
    if (this.#ids[index] !== id) return false;
    this.#ids.splice(index, 1);
    return true;
  }

  /**
   * Up to `limit` ids strictly greater than `after` (0 for the first page), and whether more ids follow them.
   */
  page(after: number, limit: number): { ids: number[]; more: boolean } {
    const start = this.#lowerBound(after + 1);
    const ids = this.#ids.slice(start, start + limit);
    return { ids, more: start + ids.length < this.#ids.length };
  }

  /** A copy of every id, ascending. */
  values(): number[] {
    return [...this.#ids];
  }

  // The index of the first id >= `id` (the length when there is none).
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
