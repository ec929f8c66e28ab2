/**
 * The kinds of the emulator's GraphQL errors. Only `ErrQueryComplexityLimitExceeded` reaches an answer as
 * `extensions.code`, because it is the only one Sourcegraph sends: its other errors carry a message and a path and
 * no code (public source: resolvers return plain Go errors, e.g. `auth.ErrMustBeSiteAdmin` "must be site admin").
 * The other kinds stay inside the emulator (`GraphQLApiError.code`), for its own logic and logs; clients must match
 * on the message, field and path instead.
 */
export const GraphQLErrorCode = {
  /** The request has no credentials and the operation needs a signed-in user. */
  notAuthenticated: "ErrNotAuthenticated",
  /** The operation needs a site admin. */
  mustBeSiteAdmin: "ErrMustBeSiteAdmin",
  /** The instance lacks the "Explicit Permissions API" license feature (the permission mutations). */
  featureNotActivated: "ErrFeatureNotActivated",
  /** The viewer may not change this object (search contexts). */
  forbidden: "ErrForbidden",
  /** A repository, user, namespace or search context that does not exist or that the viewer cannot see. */
  notFound: "ErrNotFound",
  /** An object with that name exists (search contexts). */
  alreadyExists: "ErrAlreadyExists",
  /** An argument is malformed: a node ID that does not decode or names the wrong kind, a duplicate, a bad name. */
  invalidArgument: "ErrInvalidArgument",
  /** The document does not parse. */
  syntax: "ErrGraphQLSyntax",
  /** The document does not validate against the schema, or its variables do not fit it. */
  validation: "ErrGraphQLValidation",
  /** More aliases than the instance allows (HTTP 400). */
  queryComplexity: "ErrQueryComplexityLimitExceeded",
  /** An error the emulator did not expect (a bug in the emulator). */
  internal: "ErrInternal",
} as const;

/** One of {@link GraphQLErrorCode}'s values. */
export type GraphQLErrorCodeValue = (typeof GraphQLErrorCode)[keyof typeof GraphQLErrorCode];

/** The codes Sourcegraph itself puts in `extensions.code`. */
const CODES_SOURCEGRAPH_SENDS: ReadonlySet<GraphQLErrorCodeValue> = new Set([
  GraphQLErrorCode.queryComplexity,
]);

/**
 * An error a resolver throws. graphql-js copies an original error's `extensions` into the `GraphQLError` it
 * reports: only a code Sourcegraph really sends gets there, so most answers carry `{message, path}` alone, as
 * Sourcegraph's do.
 */
export class GraphQLApiError extends Error {
  override readonly name = "GraphQLApiError";
  /** The kind of the error, for the emulator itself (not sent unless Sourcegraph sends it too). */
  readonly code: GraphQLErrorCodeValue;
  readonly extensions: { readonly code: GraphQLErrorCodeValue } | undefined;

  constructor(code: GraphQLErrorCodeValue, message: string) {
    super(message);
    this.code = code;
    this.extensions = CODES_SOURCEGRAPH_SENDS.has(code) ? { code } : undefined;
  }
}

/** Whether Sourcegraph sends this code in `extensions.code` (only `ErrQueryComplexityLimitExceeded`). */
export function isCodeSourcegraphSends(code: string): boolean {
  return CODES_SOURCEGRAPH_SENDS.has(code as GraphQLErrorCodeValue);
}
