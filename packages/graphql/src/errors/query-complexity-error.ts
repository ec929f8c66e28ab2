import { GraphQLResponseError, type GraphQLResponseErrorOptions } from "./graphql-response-error.js";

/** The `extensions.code` Sourcegraph gives a query that costs more than the instance allows. */
export const QUERY_COMPLEXITY_CODE = "ErrQueryComplexityLimitExceeded";

/**
 * The server refused the operation as too expensive (HTTP 400, `extensions.code`
 * `ErrQueryComplexityLimitExceeded`): too many aliases, too large pages or too deep nesting. Not retried: the same
 * query costs the same. Ask for less per request (smaller `chunkSize` or `pageSize`).
 */
export class QueryComplexityError extends GraphQLResponseError {
  static override readonly kind: string = "QueryComplexityError";
  override readonly name: string = "QueryComplexityError";

  constructor(message: string, options: Omit<GraphQLResponseErrorOptions, "code">) {
    super(message, { status: 400, ...options, code: "invalid_argument", isRetryable: false });
  }
}
