import { type PermissionsClient, parseResourceName } from "@sgkit/permissions";
import { MigratorError } from "../errors/migrator-error.js";

/** The page size of ACL listings: the server caps it, and fewer pages mean fewer calls. */
export const LIST_PAGE_SIZE = 1000;

/**
 * The user ids of a repository's explicit ACL, read with the HTTP API's List (one call per page of
 * {@link LIST_PAGE_SIZE}).
 *
 * @throws {MigratorError} when the server names a user other than by numeric id, against the API's promise: the
 *   ids are what plans compare and act on.
 */
export async function readCurrentAcl(
  client: PermissionsClient,
  repositoryId: number,
  options: { signal?: AbortSignal } = {},
): Promise<Set<number>> {
  const users = new Set<number>();
  for await (const permission of client.list(
    { parent: `repositories/${repositoryId}`, pageSize: LIST_PAGE_SIZE },
    options,
  )) {
    const { user } = parseResourceName(permission.user, "user");
    if (user.form !== "id") {
      throw new MigratorError(
        `ListExplicitRepoPermissions of repositories/${repositoryId} named a user ${JSON.stringify(permission.user)}, not by the numeric id Sourcegraph's HTTP API gives: check that SRC_ENDPOINT / --endpoint is a Sourcegraph instance.`,
      );
    }
    users.add(user.id);
  }
  return users;
}
