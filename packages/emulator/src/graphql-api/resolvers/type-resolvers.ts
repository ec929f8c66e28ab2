import { encodeNodeId } from "@sgkit/contracts/graphql";
import type { Org, User } from "../../state/accounts.js";
import type { Repository } from "../../state/repository-catalog.js";
import {
  canReadSearchContext,
  type SearchContext,
  searchContextWriteProblem,
} from "../../state/search-contexts.js";
import { numericNodeKey, pageSize, requireSiteAdmin } from "./checks.js";
import type { Connection, GraphQLContext, ResolverMap } from "./resolver-map.js";

/**
 * A `DateTime` as Sourcegraph writes it: RFC 3339 with whole seconds (`2024-01-02T03:04:05Z`), never milliseconds.
 */
export function toDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}

/** The default and the largest page of `Repository.authorizedUsers`. */
const AUTHORIZED_USERS_MAX = 1000;

/**
 * The resolvers of the object types: Repository, User, Org, SearchContext and SearchContextRepositoryRevisions.
 * Their sources are the state's own objects; the other types (connections, PermissionsInfo, UserEmail,
 * EmptyResponse) are plain objects read by graphql-js's default resolver.
 */
export function typeResolvers(): ResolverMap {
  return {
    Repository: {
      id: (repository: Repository) => encodeNodeId("Repository", repository.id),
      url: (repository: Repository) => `/${repository.name}`,
      authorizedUsers(
        repository: Repository,
        // `permission` can only be READ, the one level.
        args: { permission?: string | null; first: number; after?: string | null },
        context: GraphQLContext,
      ): Connection<User> {
        requireSiteAdmin(context, "Repository.authorizedUsers");
        const first = pageSize(args.first, 0, AUTHORIZED_USERS_MAX);
        const after = args.after ? numericNodeKey(args.after, "User", "after") : 0;
        const { permissions, users } = context.state;
        const page = permissions.usersOf(repository.id, after, first);
        const last = page.ids.at(-1);
        return {
          nodes: page.ids.map((id) => users.byId(id)).filter((user): user is User => user !== undefined),
          totalCount: permissions.usersOf(repository.id).ids.length,
          pageInfo: {
            hasNextPage: page.more,
            endCursor: page.more && last !== undefined ? encodeNodeId("User", last) : null,
          },
        };
      },
      permissionsInfo(repository: Repository, _args: unknown, context: GraphQLContext) {
        requireSiteAdmin(context, "Repository.permissionsInfo");
        const { permissions, pendingPermissions } = context.state;
        const updatedAt = permissions.updatedAt(repository.id);
        const hasGrants =
          permissions.usersOf(repository.id, 0, 1).ids.length > 0 ||
          pendingPermissions.bindIDsOf(repository.id).length > 0;
        if (!hasGrants && updatedAt === undefined && !repository.unrestricted) return null;
        return {
          permissions: ["READ"],
          source: hasGrants || updatedAt !== undefined ? "API" : null,
          updatedAt: updatedAt ? toDateTime(updatedAt) : null,
          unrestricted: repository.unrestricted,
        };
      },
    },
    User: {
      id: (user: User) => encodeNodeId("User", user.id),
      displayName: () => null,
      primaryEmail: (user: User, _args: unknown, context: GraphQLContext) =>
        emailsVisible(user, context) && user.email !== undefined ? primary(user.email) : null,
      emails: (user: User, _args: unknown, context: GraphQLContext) =>
        emailsVisible(user, context) && user.email !== undefined ? [primary(user.email)] : [],
      organizations(user: User, _args: unknown, context: GraphQLContext) {
        const orgs = context.state.orgs.orgsOf(user.id);
        return { nodes: orgs, totalCount: orgs.length };
      },
      namespaceName: (user: User) => user.username,
      url: (user: User) => `/users/${user.username}`,
    },
    Org: {
      id: (org: Org) => encodeNodeId("Org", org.id),
      displayName: () => null,
      viewerIsMember: (org: Org, _args: unknown, context: GraphQLContext) =>
        context.viewer !== undefined && org.memberIds.has(context.viewer.id),
      namespaceName: (org: Org) => org.name,
      url: (org: Org) => `/organizations/${org.name}`,
    },
    SearchContext: {
      id: (searchContext: SearchContext, _args: unknown, context: GraphQLContext) =>
        encodeNodeId("SearchContext", context.state.searchContextSpec(searchContext)),
      namespace(searchContext: SearchContext, _args: unknown, context: GraphQLContext) {
        const { namespace } = searchContext;
        if (!namespace) return null;
        return namespace.kind === "user"
          ? (context.state.users.byId(namespace.id) ?? null)
          : (context.state.orgs.byId(namespace.id) ?? null);
      },
      spec: (searchContext: SearchContext, _args: unknown, context: GraphQLContext) =>
        context.state.searchContextSpec(searchContext),
      updatedAt: (searchContext: SearchContext) => toDateTime(searchContext.updatedAt),
      // Never for the auto-defined context, as Sourcegraph's resolver says.
      viewerCanManage: (searchContext: SearchContext, _args: unknown, context: GraphQLContext) =>
        !searchContext.autoDefined &&
        canReadSearchContext(context.state, context.viewer, searchContext) &&
        searchContextWriteProblem(context.state, context.viewer, searchContext) === undefined,
      // Repositories the viewer cannot see are left out, as Sourcegraph filters them by permissions.
      repositories: (searchContext: SearchContext, _args: unknown, context: GraphQLContext) =>
        searchContext.repositories.flatMap(({ repositoryId, revisions }) => {
          const repository = context.state.repositories.byId(repositoryId);
          return repository && context.state.canSeeRepository(repository, context.viewer)
            ? [{ repository, revisions }]
            : [];
        }),
    },
  };
}

// A user's emails are visible to the user and to site admins.
function emailsVisible(user: User, context: GraphQLContext): boolean {
  return context.viewer !== undefined && (context.viewer.id === user.id || context.viewer.siteAdmin);
}

function primary(email: string) {
  return { email, isPrimary: true, verified: true };
}
