import { aliasedBatch } from "../batching/aliased-batch.js";
import type { BatchLookupOptions } from "../batching/aliased-lookup.js";
import { nodeLookup } from "../batching/node-lookup.js";
import type { GraphQLClient } from "../client/graphql-client.js";
import { type RepositoryNode, repositoryNode } from "./repository-node.js";

const REPOSITORIES_BY_NODE_ID = nodeLookup<{ id: string; name: string }, RepositoryNode>({
  operationName: "RepositoriesByNodeId",
  alias: "r",
  typename: "Repository",
  fields: ["id", "name"],
  read: repositoryNode,
});

/**
 * Many repositories by node ID, with one aliased query per `chunkSize` IDs
 * (`r0: node(id: $n0) { ... on Repository { id name } }`, …), the chunks one after another. Repeated IDs are
 * sent once.
 *
 * @returns A map from each ID to its repository, or `null` when no repository has it or the viewer cannot see it.
 * @throws {InvalidNodeIdError} before sending, for an ID that does not decode or is not a repository's, naming
 *   the ID and its index (`ids[3]`).
 * @throws {RangeError} for a `chunkSize` outside 1 to 500.
 * @throws {GraphQLResponseError} when a lookup fails, with the chunk's resolved answers in `data`.
 */
export async function repositoriesByNodeId(
  client: GraphQLClient,
  ids: Iterable<string>,
  options: BatchLookupOptions = {},
): Promise<Map<string, RepositoryNode | null>> {
  return aliasedBatch(client, ids, REPOSITORIES_BY_NODE_ID, options);
}
