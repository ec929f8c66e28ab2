import { decodeNodeId, encodeNodeId } from "@sgkit/contracts/graphql";
import type { User } from "../../state/accounts.js";
import type { Repository } from "../../state/repository-catalog.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import { MUST_BE_SITE_ADMIN, numericNodeKey, pageSize, requireSiteAdmin, requireViewer } from "./checks.js";
import type { Connection, GraphQLContext, ResolverMap } from "./resolver-map.js";
import { listSearchContexts, resolvedSearchContext, searchContextSpecOfKey } from "./search-contexts.js";

/** The largest page of `authorizedUserRepositories`, as Sourcegraph documents. */
export const AUTHORIZED_USER_REPOSITORIES_MAX = 100;
/** The page of `users` when `first` is not given. */
const USERS_DEFAULT = 50;
/**
 * The largest page of `repositories`: a larger `first` is lowered to it. Sourcegraph documents no maximum; its
 * official CLI asks for 1000 per page.
 */
export const REPOSITORIES_MAX = 1000;
/** The page of `repositories` when `first` is not given. */
const REPOSITORIES_DEFAULT = 50;

/** The resolvers of `Query`. */
export function queryResolvers(): ResolverMap {
  return {
    Query: {
      // As Sourcegraph's (public source, cmd/frontend/graphqlbackend/repository.go): by `name` (or the deprecated
      // `uri`), else by `cloneURL` (null when the URL maps to no repository name), else an error.
      repository(
        _: unknown,
        args: { name?: string | null; cloneURL?: string | null; uri?: string | null },
        context: GraphQLContext,
      ): Repository | null {
        let name = args.name ?? args.uri ?? undefined;
        if (name === undefined && args.cloneURL != null) name = repositoryNameOfCloneURL(args.cloneURL);
        else if (name === undefined) {
          throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, "neither name nor cloneURL given");
        }
        if (name === undefined) return null;
        const repository = context.state.repositories.byName(name);
        return repository && context.state.canSeeRepository(repository, context.viewer) ? repository : null;
      },
      node(_: unknown, args: { id: string }, context: GraphQLContext) {
        let decoded: ReturnType<typeof decodeNodeId>;
        try {
          decoded = decodeNodeId(args.id);
        } catch (error) {
          throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, `id: ${(error as Error).message}`);
        }
        const { state, viewer } = context;
        const { kind, key } = decoded;
        // As Sourcegraph's `Node` (public source, cmd/frontend/graphqlbackend/node.go) over `SearchContextByID`
        // (cmd/frontend/internal/searchcontexts/resolvers/resolvers.go): a context that is missing or unreadable
        // is the error of `ResolveSearchContextSpec`, so `node` is null with that error at ["node"], not a bare
        // null as for the other kinds.
        if (kind === "SearchContext") return resolvedSearchContext(context, searchContextSpecOfKey(key));
        if (typeof key !== "number") return null;
        if (kind === "Repository") {
          const repository = state.repositories.byId(key);
          return repository && state.canSeeRepository(repository, viewer) ? repository : null;
        }
        // Users and orgs are visible to signed-in users.
        if (!viewer) return null;
        if (kind === "User") return state.users.byId(key) ?? null;
        if (kind === "Org") return state.orgs.byId(key) ?? null;
        return null;
      },
      currentUser: (_: unknown, _args: unknown, context: GraphQLContext) => context.viewer ?? null,
      user(_: unknown, args: { username?: string | null; email?: string | null }, context: GraphQLContext) {
        const viewer = requireViewer(context, "user");
        const { username, email } = args;
        if ((username == null) === (email == null)) {
          throw new GraphQLApiError(
            GraphQLErrorCode.invalidArgument,
            "give exactly one of username and email",
          );
        }
        if (email != null) {
          if (!viewer.siteAdmin && viewer.email !== email) {
            throw new GraphQLApiError(GraphQLErrorCode.mustBeSiteAdmin, MUST_BE_SITE_ADMIN);
          }
          return context.state.users.byEmail(email) ?? null;
        }
        return context.state.users.byUsername(username as string) ?? null;
      },
      users(
        _: unknown,
        args: { first?: number | null; after?: string | null; query?: string | null },
        context: GraphQLContext,
      ): Connection<User> {
        requireSiteAdmin(context, "users");
        const first = pageSize(args.first, USERS_DEFAULT);
        const after = args.after ? numericNodeKey(args.after, "User", "after") : 0;
        const query = args.query?.toLowerCase() ?? "";
        const matching = context.state.users
          .all()
          .filter((user) => user.username.toLowerCase().includes(query));
        return pageAfter(matching, after, first, "User");
      },
      repositories(
        _: unknown,
        args: { first?: number | null; after?: string | null },
        context: GraphQLContext,
      ): Connection<Repository> {
        const first = pageSize(args.first, REPOSITORIES_DEFAULT, REPOSITORIES_MAX);
        const afterId = args.after ? numericNodeKey(args.after, "Repository", "after") : undefined;
        const { state, viewer } = context;
        // The same rule as `repository(name:)`; a site admin sees everything, without a check per repository.
        const visible = viewer?.siteAdmin
          ? undefined
          : (repository: Repository) => state.canSeeRepository(repository, viewer);
        // By name, then id, as Sourcegraph orders by default. The cursor is the last node's ID (the server's own
        // cursor is another opaque string); one naming no repository is an error, as a garbage cursor is.
        const after = afterId === undefined ? undefined : state.repositories.byId(afterId);
        if (afterId !== undefined && !after) {
          throw new GraphQLApiError(
            GraphQLErrorCode.invalidArgument,
            `after: ${JSON.stringify(args.after)} is not a cursor of repositories`,
          );
        }
        const page = state.repositories.pageByName(after, first, visible);
        const firstNode = page.repositories.at(0);
        const last = page.repositories.at(-1);
        // A NewRepositoryConnection: its ConnectionPageInfo also has the backward fields.
        return {
          nodes: page.repositories,
          // Sourcegraph counts for site admins only ("a total repository count does not respect repository
          // permissions"): 0 for everyone else.
          totalCount: () => (visible ? 0 : state.repositories.size),
          pageInfo: {
            hasNextPage: page.more,
            endCursor: page.more && last ? encodeNodeId("Repository", last.id) : null,
            hasPreviousPage: Boolean(args.after),
            startCursor: firstNode ? encodeNodeId("Repository", firstNode.id) : null,
          },
        };
      },
      authorizedUserRepositories(
        _: unknown,
        args: {
          username?: string | null;
          email?: string | null;
          perm: string;
          first: number;
          after?: string | null;
        },
        context: GraphQLContext,
      ): Connection<Repository> {
        requireSiteAdmin(context, "authorizedUserRepositories");
        const { username, email } = args;
        if ((username == null) === (email == null)) {
          throw new GraphQLApiError(
            GraphQLErrorCode.invalidArgument,
            "give exactly one of username and email",
          );
        }
        const first = pageSize(args.first, 0, AUTHORIZED_USER_REPOSITORIES_MAX);
        const after = args.after ? numericNodeKey(args.after, "Repository", "after") : 0;
        const { state } = context;
        const user = email != null ? state.users.byEmail(email) : state.users.byUsername(username as string);
        // A bindID that no user has yet: the repositories of its pending permissions.
        const ids = user
          ? state.permissions.repositoriesOf(user.id).ids
          : state.pendingPermissions.repositoriesOf((email ?? username) as string);
        const repositories = ids
          .map((id) => state.repositories.byId(id))
          .filter((repository): repository is Repository => repository !== undefined);
        return pageAfter(repositories, after, first, "Repository");
      },
      usersWithPendingPermissions(_: unknown, _args: unknown, context: GraphQLContext): string[] {
        requireSiteAdmin(context, "usersWithPendingPermissions");
        return context.state.pendingPermissions.bindIDs();
      },
      searchContexts: listSearchContexts,
      // Null with the error of `ResolveSearchContextSpec` at ["searchContextBySpec"] (public source,
      // cmd/frontend/internal/searchcontexts/resolvers/resolvers.go, `SearchContextBySpec`).
      searchContextBySpec: (_: unknown, args: { spec: string }, context: GraphQLContext) =>
        resolvedSearchContext(context, args.spec),
    },
  };
}

/**
 * The repository name a clone URL designates, as Sourcegraph maps code-host URLs: host and path without `.git`
 * (`https://github.com/acme/api.git`, `ssh://git@github.com/acme/api`, `git@github.com:acme/api.git` all give
 * `github.com/acme/api`); undefined when the URL names no repository.
 */
export function repositoryNameOfCloneURL(cloneURL: string): string | undefined {
  const text = cloneURL.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (scp && !text.includes("://")) {
    host = scp[1] as string;
    path = scp[2] as string;
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    host = url.hostname;
    path = url.pathname;
  }
  const name = `${host}/${path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")}`;
  return host === "" || name.endsWith("/") ? undefined : name;
}

/** A page of id-ordered objects after the id `after`, with the node ID of its last object as the cursor. */
function pageAfter<T extends { readonly id: number }>(
  items: readonly T[],
  after: number,
  first: number,
  kind: string,
): Connection<T> {
  const rest = items.filter((item) => item.id > after);
  const nodes = rest.slice(0, first);
  const hasNextPage = rest.length > nodes.length;
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount: items.length,
    pageInfo: { hasNextPage, endCursor: hasNextPage && last ? encodeNodeId(kind, last.id) : null },
  };
}
