import type { GraphQLClient } from "../client/graphql-client.js";
import { SetRepositoryPermissionsForUsersDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";

/** Options of the permission mutations. */
export interface MutationOptions {
  signal?: AbortSignal;
}

/**
 * Replaces the explicit ACL of `repository` (a node ID) with `bindIDs` (usernames or verified emails, per the
 * instance's `permissions.userMapping.bindID`), in one transaction: users not listed lose their explicit
 * permission, and an empty list removes everyone's. Site admins only, with the explicit permissions license
 * feature.
 *
 * Blank bindIDs are dropped (the server would store them as pending permissions for nobody) and duplicates
 * sent once. A bindID that matches no user is not an error: the server keeps it as a pending permission, applied
 * when such a user appears (see `usersWithPendingPermissions`).
 *
 * Retried after a lost answer, a 429 or a 5xx: sending the same whole ACL twice leaves it as sending it once.
 *
 * @returns The bindIDs sent, in order.
 */
export async function setRepositoryPermissionsForUsers(
  client: GraphQLClient,
  repository: string,
  bindIDs: Iterable<string>,
  options: MutationOptions = {},
): Promise<string[]> {
  requireNodeId(repository, "repository", "Repository");
  const sent = [
    ...new Set([...bindIDs].filter((bindID) => typeof bindID === "string" && bindID.trim() !== "")),
  ];
  await client.request(
    SetRepositoryPermissionsForUsersDocument,
    { repository, userPermissions: sent.map((bindID) => ({ bindID, permission: "READ" as const })) },
    options,
  );
  return sent;
}
