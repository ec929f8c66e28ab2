import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { InvalidPathRuleError } from "../errors/invalid-path-rule-error.js";
import { SetSubRepositoryPermissionsForUsersDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import type { MutationOptions } from "./set-repository-permissions-for-users.js";
import { validatePathRule } from "./validate-path-rule.js";

/** One user's path rules on a repository. */
export interface SubRepoPermission {
  /** The user's bindID: a username or a verified email. */
  bindID: string;
  /**
   * Path globs, in order: a leading `-` denies, later rules override earlier ones, and a path no rule matches is
   * denied. (A user with no entry at all sees the whole repository.)
   */
  paths: readonly string[];
}

/**
 * Sets the sub-repository (path-level) permissions of users on `repository` (a node ID). Site admins only. Every
 * rule is checked locally first (see `validatePathRule`): one bad rule would otherwise fail the whole call on the
 * server, or be stored and match nothing.
 *
 * Not retried: the documentation does not say a repeat is harmless (see `IDEMPOTENT_MUTATIONS`).
 *
 * @throws {InvalidPathRuleError} naming the user's index, the rule's index and the rule, before anything is sent.
 * @throws {InvalidArgumentError} for a blank or repeated bindID.
 * @throws {GraphQLResponseError} from the server, for example when a bindID matches no user (that fails the
 *   whole call).
 */
export async function setSubRepositoryPermissionsForUsers(
  client: GraphQLClient,
  repository: string,
  userPermissions: readonly SubRepoPermission[],
  options: MutationOptions = {},
): Promise<void> {
  requireNodeId(repository, "repository", "Repository");
  const seen = new Map<string, number>();
  for (const [userIndex, entry] of userPermissions.entries()) {
    const { bindID, paths } = entry;
    if (typeof bindID !== "string" || bindID.trim() === "") {
      throw new InvalidArgumentError(`userPermissions[${userIndex}].bindID must not be blank.`, {
        argument: `userPermissions[${userIndex}].bindID`,
      });
    }
    const first = seen.get(bindID);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `userPermissions[${userIndex}] repeats the bindID of userPermissions[${first}] (${JSON.stringify(bindID)}); give each user's rules in one entry.`,
        { argument: `userPermissions[${userIndex}].bindID` },
      );
    }
    seen.set(bindID, userIndex);
    if (!Array.isArray(paths)) {
      throw new InvalidArgumentError(`userPermissions[${userIndex}].paths must be an array of path globs.`, {
        argument: `userPermissions[${userIndex}].paths`,
      });
    }
    for (const [ruleIndex, path] of paths.entries()) {
      const reason = validatePathRule(path);
      if (reason !== undefined) {
        throw new InvalidPathRuleError(
          `userPermissions[${userIndex}] (bindID ${JSON.stringify(bindID)}) path rule ${ruleIndex} ${JSON.stringify(path)} is not a valid glob: ${reason}.`,
          { userIndex, ruleIndex, path: String(path), reason },
        );
      }
    }
  }
  await client.request(
    SetSubRepositoryPermissionsForUsersDocument,
    {
      repository,
      userPermissions: userPermissions.map(({ bindID, paths }) => ({ bindID, paths: [...paths] })),
    },
    options,
  );
}
