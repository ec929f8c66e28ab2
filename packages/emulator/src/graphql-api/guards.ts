import type { User } from "../state/user-directory.js";
import { GraphQLApiError, GraphQLErrorCode } from "./graphql-api-error.js";
import type { GraphQLContext } from "./graphql-context.js";

/** The signed-in viewer; `ErrNotAuthenticated` for an anonymous request. */
export function requireViewer(context: GraphQLContext, what: string): User {
  if (!context.viewer)
    throw new GraphQLApiError(GraphQLErrorCode.notAuthenticated, `${what} needs a signed-in user`);
  return context.viewer;
}

/** The viewer when it is a site admin; `ErrNotAuthenticated` or `ErrMustBeSiteAdmin` otherwise. */
export function requireSiteAdmin(context: GraphQLContext, what: string): User {
  const viewer = requireViewer(context, what);
  if (!viewer.siteAdmin) {
    throw new GraphQLApiError(
      GraphQLErrorCode.mustBeSiteAdmin,
      `must be site admin: ${what} is for site admins only`,
    );
  }
  return viewer;
}

/**
 * For the permission mutations: a site admin (checked first), and the instance's "Explicit Permissions API"
 * license feature (`ErrFeatureNotActivated` without it).
 */
export function requirePermissionsAdmin(context: GraphQLContext, mutation: string): User {
  const viewer = requireSiteAdmin(context, mutation);
  if (!context.state.license) {
    throw new GraphQLApiError(
      GraphQLErrorCode.featureNotActivated,
      `${mutation} needs the "Explicit Permissions API" license feature, which this instance does not have`,
    );
  }
  return viewer;
}

/** A `first` argument: an integer >= 0 (`ErrInvalidArgument` otherwise), lowered to `max` when given. */
export function pageSize(
  first: number | null | undefined,
  fallback: number,
  max = Number.POSITIVE_INFINITY,
): number {
  const size = first ?? fallback;
  if (size < 0)
    throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, `first must not be negative, got ${size}`);
  return Math.min(size, max);
}
