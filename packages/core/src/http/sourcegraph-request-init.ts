/** `fetch`'s options, plus what sgkit's HTTP layer understands per request. */
export interface SourcegraphRequestInit extends RequestInit {
  /**
   * Whether this request may be retried. Defaults to what the client's `isIdempotent` says of its method; a
   * GraphQL query or a read-only Connect call sent as POST sets it to true.
   */
  idempotent?: boolean;
  /** Overrides the client's per-attempt timeout for this request; 0 for none. */
  timeoutMs?: number;
  /**
   * The attempt number debug events report, for a caller that retries above this fetch (the permissions
   * client retries in a Connect interceptor and sends each attempt through here once). Default 1.
   */
  attempt?: number;
}
