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
 * The permission mutations. Each needs a site admin and the license feature, checks every argument before it
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
        const rules = args.userPermissions.map((permission, index) => {
          const path = `userPermissions[${index}]`;
          const user = state.users.byBindID(permission.bindID, state.bindID);
          if (!user) {
            throw new GraphQLApiError(
              GraphQLErrorCode.notFound,
              `${path}.bindID: no user has the ${state.bindID} ${JSON.stringify(permission.bindID)}; nothing was stored`,
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

// `paths`, or else the deprecated pathIncludes then pathExcludes (as denials, so that exclusions win).
function rulePaths(permission: UserSubRepoPermission, path: string): string[] {
  const legacy = permission.pathIncludes != null || permission.pathExcludes != null;
  let paths: string[];
  let field: string;
  if (permission.paths != null) {
    paths = [...permission.paths];
    field = "paths";
  } else if (legacy) {
    paths = [
      ...(permission.pathIncludes ?? []),
      ...(permission.pathExcludes ?? []).map((glob) => `-${glob}`),
    ];
    field = "pathIncludes/pathExcludes";
  } else {
    throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, `${path}.paths: is required`);
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
  return paths;
}
