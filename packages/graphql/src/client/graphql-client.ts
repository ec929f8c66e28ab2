import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

/** The variables of an operation: a JSON object. */
export type Variables = Record<string, unknown>;

/** Per-request options of {@link GraphQLClient.request}. */
export interface RequestOptions {
  /** Aborts the request (and its retries); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Which operation of a document with several to run. */
  operationName?: string;
  /**
   * Overrides the retry decision: by default every query is retried, and a mutation only when all its root fields
   * are idempotent (see `IDEMPOTENT_MUTATIONS`). Set `true` only for a mutation you know is safe to repeat.
   */
  idempotent?: boolean;
}

/**
 * The variables argument of `request`: optional when the operation has no required variable, required otherwise.
 */
export type RequestArguments<TVariables> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is exactly "no required keys" here.
  {} extends TVariables
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions];

/** A client of Sourcegraph's GraphQL API, made by `createGraphQLClient`. */
export interface GraphQLClient {
  /** The instance, normalized: `https://sourcegraph.example.com`. */
  readonly endpoint: string;
  /** Where operations are POSTed: `<endpoint>/.api/graphql`. */
  readonly url: string;
  /**
   * Runs one operation and resolves with its `data`. A `TypedDocumentNode` (from graphql-codegen, such as this
   * package's own `…Document` exports) types the variables and the result; with a document given as text, or an
   * untyped `DocumentNode`, name the result type yourself: `request<{ currentUser: { id: string } }>("…")`.
   *
   * @throws {GraphQLResponseError} when the server answered `errors` (with the partial `data`).
   * @throws {QueryComplexityError} when the server refused the operation as too expensive.
   * @throws {AuthenticationError | PermissionDeniedError | RateLimitedError | SourcegraphError} for an HTTP
   *   failure (401, 403, 429 after retries, 5xx), and `NetworkError`, `TimeoutError` when there was no answer.
   */
  request<TResult = Record<string, unknown>, TVariables = Variables>(
    document: TypedDocumentNode<TResult, TVariables> | string,
    ...args: RequestArguments<TVariables>
  ): Promise<TResult>;
}
