import { aliasedBatch } from "../batching/aliased-batch.js";
import type { BatchLookupOptions } from "../batching/aliased-lookup.js";
import { nodeLookup } from "../batching/node-lookup.js";
import type { GraphQLClient } from "../client/graphql-client.js";
import { USER_NODE_SELECTION, type UserNode, type UserNodeAnswer, userNode } from "./user-node.js";

const USERS_BY_NODE_ID = nodeLookup<UserNodeAnswer, UserNode>({
  operationName: "UsersByNodeId",
  alias: "u",
  typename: "User",
  fields: USER_NODE_SELECTION,
  read: userNode,
});

/**
 * Many users by node ID, with one aliased query per `chunkSize` IDs
 * (`u0: node(id: $n0) { ... on User { id username primaryEmail { email } } }`, …), the chunks one after another.
 * Repeated IDs are sent once. `primaryEmail` is there when the viewer may see it (the user, or a site admin).
 *
 * @returns A map from each ID to its user, or `null` when no user has it.
 * @throws {InvalidNodeIdError} before sending, for an ID that does not decode or is not a user's, naming the ID
 *   and its index (`ids[3]`).
 * @throws {RangeError} for a `chunkSize` outside 1 to 500.
 * @throws {GraphQLResponseError} when a lookup fails, with the chunk's resolved answers in `data`.
 */
export async function usersByNodeId(
  client: GraphQLClient,
  ids: Iterable<string>,
  options: BatchLookupOptions = {},
): Promise<Map<string, UserNode | null>> {
  return aliasedBatch(client, ids, USERS_BY_NODE_ID, options);
}
