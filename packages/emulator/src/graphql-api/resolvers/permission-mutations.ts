import type { Repository } from "../../state/repository-catalog.js";
import { checkSubRepoPath } from "../../state/sub-repo-permissions.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import { numericNodeKey, repositoryArgument, requirePermissionsAdmin } from "./checks.js";
import type { GraphQLContext, ResolverMap } from "./resolver-map.js";

const EMPTY = { alwaysNil: null };

interface UserSubRepoPermission {
  readonly bindID: string;
  readonly paths?: readonly string[] | null;
  readonly pathIncludes?: readonly string[] | null;
  readonly pathExcludes?: readonly string[] | null;
}

/**
 * Sourcegraph's message for a sub-repository rule with neither `paths` nor both `pathIncludes` and `pathExcludes`
 * (public source, cmd/frontend/internal/authz/resolvers/resolver.go).
 */
export const SUB_REPO_PATHS_REQUIRED =
  "either both pathIncludes and pathExcludes needs to be set, or paths needs to be set";

/**
 * The permission mutations. Each needs the license feature and then a site admin (checked in that order, as
 * Sourcegraph does), checks every argument before it
 * changes anything, and then changes the state in one synchronous step, so a failed call changes nothing and no
 * other request sees half of a change.
 */
export function permissionMutations(): ResolverMap {
  return {
    Mutation: {
      setRepositoryPermissionsForUsers(
        _: unknown,
        args: {
          repository: string;
          userPermissions: ReadonlyArray<{ bindID: string; permission?: string | null }>;
        },
        context: GraphQLContext,
      ) {
        requirePermissionsAdmin(context, "setRepositoryPermissionsForUsers");
        const repository = repositoryArgument(context, args.repository, "repository");
        context.state.replaceRepositoryPermissions(
          repository.id,
          args.userPermissions.map((permission) => permission.bindID),
        );
        return EMPTY;
      },
      setRepositoryPermissionsUnrestricted(
        _: unknown,
        args: { repositories: readonly string[]; unrestricted: boolean },
        context: GraphQLContext,
      ) {
        requirePermissionsAdmin(context, "setRepositoryPermissionsUnrestricted");
        const seen = new Map<number, number>();
        const repositories: Repository[] = args.repositories.map((id, index) => {
          const repositoryId = numericNodeKey(id, "Repository", `repositories[${index}]`);
          const first = seen.get(repositoryId);
          if (first !== undefined) {
            throw new GraphQLApiError(
              GraphQLErrorCode.invalidArgument,
              `repositories[${index}]: ${JSON.stringify(id)} is a duplicate of repositories[${first}]`,
            );
          }
          seen.set(repositoryId, index);
          return repositoryArgument(context, id, `repositories[${index}]`);
        });
        for (const repository of repositories) repository.unrestricted = args.unrestricted;
        return EMPTY;
      },
      setSubRepositoryPermissionsForUsers(
        _: unknown,
        args: { repository: string; userPermissions: readonly UserSubRepoPermission[] },
        context: GraphQLContext,
      ) {
        requirePermissionsAdmin(context, "setSubRepositoryPermissionsForUsers");
        const repository = repositoryArgument(context, args.repository, "repository");
        const { state } = context;
        // Every entry's paths are checked before any user is looked up, as Sourcegraph does.
        for (const permission of args.userPermissions) {
          if (
            permission.paths == null &&
            (permission.pathIncludes == null || permission.pathExcludes == null)
          ) {
            throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, SUB_REPO_PATHS_REQUIRED);
          }
        }
        const rules = args.userPermissions.map((permission, index) => {
          const path = `userPermissions[${index}]`;
          const user = state.users.byBindID(permission.bindID, state.bindID);
          if (!user) {
            // Sourcegraph's message; nothing is stored.
            throw new GraphQLApiError(
              GraphQLErrorCode.notFound,
              `user ${JSON.stringify(permission.bindID)} not found`,
            );
          }
          return { userId: user.id, paths: rulePaths(permission, path) };
        });
        for (const rule of rules) state.subRepoPermissions.set(repository.id, rule.userId, rule.paths);
        return EMPTY;
      },
    },
  };
}

// `paths`, or else the deprecated pathIncludes then pathExcludes (as denials, so that exclusions win); the caller
// has checked that one of the two forms is given.
function rulePaths(permission: UserSubRepoPermission, path: string): string[] {
  let paths: readonly string[];
  let field: string;
  if (permission.paths != null) {
    paths = [...permission.paths];
    field = "paths";
  } else {
    paths = [
      ...(permission.pathIncludes ?? []),
      ...(permission.pathExcludes ?? []).map((glob) => `-${glob}`),
    ];
    field = "pathIncludes/pathExcludes";
  }
  paths.forEach((glob, index) => {
    try {
      checkSubRepoPath(glob);
    } catch (error) {
      throw new GraphQLApiError(
        GraphQLErrorCode.invalidArgument,
        `${path}.${field === "paths" ? `paths[${index}]` : field}: ${(error as Error).message}`,
      );
    }
  });
  // Sourcegraph stores each path with a leading `/` (after the `-` of a denial), adding it when missing.
  return paths.map((glob) =>
    glob.startsWith("-")
      ? glob.startsWith("-/")
        ? glob
        : `-/${glob.slice(1)}`
      : glob.startsWith("/")
        ? glob
        : `/${glob}`,
  );
}
