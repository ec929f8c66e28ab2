import { decodeNodeId } from "@sgkit/contracts/graphql";
import type { User } from "../../state/accounts.js";
import type { Repository } from "../../state/repository-catalog.js";
import type { SearchContextNamespace } from "../../state/search-contexts.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import type { GraphQLContext } from "./resolver-map.js";

// What resolvers check before they act: the viewer (signed in, a site admin, the license feature) and their
// arguments (node IDs of the right kind that name visible objects, page sizes).

// Sourcegraph's messages (public source, internal/auth/site_admin.go): `auth.ErrNotAuthenticated` and
// `auth.ErrMustBeSiteAdmin`, plain errors without an `extensions.code`.
/** The message of an anonymous request to an operation that needs a signed-in user. */
export const NOT_AUTHENTICATED = "not authenticated";
/** The message of a request by a user who is not a site admin to an operation for site admins. */
export const MUST_BE_SITE_ADMIN = "must be site admin";
/**
 * The message without the "Explicit Permissions API" license feature (public source, internal/licensing: the
 * feature `explicit-permissions-api` missing from the license).
 */
export const FEATURE_NOT_ACTIVATED =
  'The feature "explicit-permissions-api" is not activated in your Sourcegraph license. Upgrade your Sourcegraph subscription to use this feature.';

/** The signed-in viewer; "not authenticated" for an anonymous request. */
export function requireViewer(context: GraphQLContext, _what: string): User {
  if (!context.viewer) throw new GraphQLApiError(GraphQLErrorCode.notAuthenticated, NOT_AUTHENTICATED);
  return context.viewer;
}

/** The viewer when it is a site admin; "not authenticated" or "must be site admin" otherwise. */
export function requireSiteAdmin(context: GraphQLContext, what: string): User {
  const viewer = requireViewer(context, what);
  if (!viewer.siteAdmin) throw new GraphQLApiError(GraphQLErrorCode.mustBeSiteAdmin, MUST_BE_SITE_ADMIN);
  return viewer;
}

/**
 * For the permission mutations: the instance's "Explicit Permissions API" license feature, checked first as
 * Sourcegraph does (public source, cmd/frontend/internal/authz/resolvers/resolver.go: `checkLicense` before
 * `auth.CheckCurrentUserIsSiteAdmin`), then a site admin.
 */
export function requirePermissionsAdmin(context: GraphQLContext, mutation: string): User {
  if (!context.state.license) {
    throw new GraphQLApiError(GraphQLErrorCode.featureNotActivated, FEATURE_NOT_ACTIVATED);
  }
  return requireSiteAdmin(context, mutation);
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

// Sourcegraph's ids are int32.
const MAX_ID = 2 ** 31 - 1;

/**
 * The numeric key of a node ID of the given kind (`Repository`, `User`, `Org`); `ErrInvalidArgument` naming the
 * argument when the ID does not decode, is of another kind, or its key is not an id.
 */
export function numericNodeKey(id: string, kind: string, argument: string): number {
  const decoded = decode(id, argument);
  if (decoded.kind !== kind) {
    throw invalid(`${argument}: ${JSON.stringify(id)} is a ${decoded.kind} ID, not a ${kind} ID`);
  }
  const key = decoded.key;
  if (typeof key !== "number" || !Number.isInteger(key) || key < 1 || key > MAX_ID) {
    throw invalid(`${argument}: ${JSON.stringify(id)} is not a valid ${kind} ID`);
  }
  return key;
}

/** The spec a `SearchContext` node ID holds; `ErrInvalidArgument` as {@link numericNodeKey}. */
export function searchContextSpecKey(id: string, argument: string): string {
  const decoded = decode(id, argument);
  if (decoded.kind !== "SearchContext" || typeof decoded.key !== "string") {
    throw invalid(`${argument}: ${JSON.stringify(id)} is not a SearchContext ID`);
  }
  return decoded.key;
}

/**
 * The repository a `Repository` node ID designates, when it exists and the viewer may see it; `ErrNotFound`
 * otherwise (an invisible repository is reported as missing, so its existence does not leak).
 */
export function repositoryArgument(context: GraphQLContext, id: string, argument: string): Repository {
  const repositoryId = numericNodeKey(id, "Repository", argument);
  const repository = context.state.repositories.byId(repositoryId);
  if (!repository || !context.state.canSeeRepository(repository, context.viewer)) {
    throw new GraphQLApiError(
      GraphQLErrorCode.notFound,
      `${argument}: repository ${JSON.stringify(id)} not found`,
    );
  }
  return repository;
}

/** The namespace a `User` or `Org` node ID designates (null stays null: the global namespace). */
export function namespaceArgument(
  context: GraphQLContext,
  id: string | null | undefined,
  argument: string,
): SearchContextNamespace {
  if (id === null || id === undefined) return null;
  const { kind } = decode(id, argument);
  if (kind !== "User" && kind !== "Org") {
    throw invalid(`${argument}: ${JSON.stringify(id)} is a ${kind} ID, not a User or Org ID`);
  }
  const key = numericNodeKey(id, kind, argument);
  const exists = kind === "User" ? context.state.users.byId(key) : context.state.orgs.byId(key);
  if (!exists)
    throw new GraphQLApiError(
      GraphQLErrorCode.notFound,
      `${argument}: namespace ${JSON.stringify(id)} not found`,
    );
  return { kind: kind === "User" ? "user" : "org", id: key };
}

function decode(id: string, argument: string): ReturnType<typeof decodeNodeId> {
  try {
    return decodeNodeId(id);
  } catch (error) {
    throw invalid(`${argument}: ${(error as Error).message}`);
  }
}

function invalid(message: string): GraphQLApiError {
  return new GraphQLApiError(GraphQLErrorCode.invalidArgument, message);
}
