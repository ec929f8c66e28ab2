/**
 * How many calls each method received, so that tests can assert a client made the fewest calls it could.
 * A call is counted when it reaches the method, before faults, capacity, authentication or validation decide
 * its fate, so a refused or failed call still counts.
 */
export class CallCounters {
  readonly #counts = new Map<string, number>();

  /** Counts one call of `method`. */
  increment(method: string): void {
    this.#counts.set(method, (this.#counts.get(method) ?? 0) + 1);
  }

  /** The calls `method` received (0 when none). */
  get(method: string): number {
    return this.#counts.get(method) ?? 0;
  }

  /** The calls of every method. */
  total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** A copy of the counts, method → calls, with methods sorted by name. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Forgets every count. */
  reset(): void {
    this.#counts.clear();
  }
}
