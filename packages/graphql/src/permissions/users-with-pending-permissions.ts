import type { GraphQLClient } from "../client/graphql-client.js";
import { UsersWithPendingPermissionsDocument } from "../gen/operations/graphql.js";

/**
 * The bindIDs (usernames or emails) that hold pending permissions: granted by `setRepositoryPermissionsForUsers`
 * before any user with that bindID existed, and applied when one appears. Site admins only.
 */
export async function usersWithPendingPermissions(
  client: GraphQLClient,
  options: { signal?: AbortSignal } = {},
): Promise<string[]> {
  const data = await client.request(UsersWithPendingPermissionsDocument, {}, options);
  return data.usersWithPendingPermissions;
}
