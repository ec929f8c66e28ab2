import { decodeNodeId } from "@sgkit/contracts/graphql";
import type { User } from "../../state/accounts.js";
import type { Repository } from "../../state/repository-catalog.js";
import type { SearchContextNamespace } from "../../state/search-contexts.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import type { GraphQLContext } from "./resolver-map.js";

// What resolvers check before they act: the viewer (signed in, a site admin, the license feature) and their
// arguments (node IDs of the right kind that name visible objects, page sizes).

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
