/** Options of the batched lookups (`repositoryIdsByName`, `usersByBindId`, `repositoriesByNodeId`, …). */
export interface BatchLookupOptions {
  /**
   * Keys looked up per request (aliases per query), 1 to 500. Default 100. Sourcegraph limits the aliases of one
   * query (its default maximum is assumed to be about 500, and the query-cost limit also counts them; the
   * emulator refuses more than 500); 100 stays well under both, and a refused request costs at most 100 lookups.
   */
  chunkSize?: number;
  /**
   * Requests in flight at once, 1 to 16. Default 1: one chunk after another, as gentle as a lookup can be; a bulk
   * tool that resolves thousands of names may ask for a few more.
   */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * How one kind of aliased lookup is written and read: the query for keys `k0…kn` is
 * `query <operationName>($n0: <variableType>, …) { <alias>0: <field($n0)> { <selection> } … }`.
 */
export interface AliasedLookup<TAnswer, TValue> {
  /** The operation's name, such as `RepositoryIdsByName` (the emulator counts requests by it). */
  readonly operationName: string;
  /** The name of the keys argument in error messages, such as `names` (`names[3] must …`). */
  readonly argument: string;
  /** The prefix of the aliases: `r` names the answers `r0`, `r1`, … */
  readonly alias: string;
  /** The GraphQL type of the key variables `$n0`, `$n1`, …, such as `String!`. */
  readonly variableType: string;
  /** The root field that looks one key up, given its variable: `repository(name: $n0)`. */
  readonly field: (variable: string) => string;
  /** The field's selection, a line each, nested lines indented by two spaces. */
  readonly selection: readonly string[];
  /**
   * Refuses a key before anything is sent (an `InvalidArgumentError` naming `argument`, such as `names[3]`); its
   * index is the key's position in the caller's list, repeats included.
   */
  readonly check: (key: unknown, argument: string) => void;
  /** What a non-null answer becomes; null when it does not describe what was looked up. */
  readonly read: (answer: TAnswer) => TValue | null;
}
