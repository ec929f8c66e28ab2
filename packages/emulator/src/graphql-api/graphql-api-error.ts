/**
 * The `extensions.code` values of the emulator's GraphQL errors. Sourcegraph documents only
 * `ErrQueryComplexityLimitExceeded`; the others follow its `Err...` naming and are the emulator's choice, so that
 * clients and tests can tell failures apart without matching messages.
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

/**
 * An error a resolver throws. graphql-js copies an original error's `extensions` into the `GraphQLError` it
 * reports, so the answer carries `{message, path, extensions: {code}}`.
 */
export class GraphQLApiError extends Error {
  override readonly name = "GraphQLApiError";
  readonly extensions: { readonly code: GraphQLErrorCodeValue };

  constructor(code: GraphQLErrorCodeValue, message: string) {
    super(message);
    this.extensions = { code };
  }
}
