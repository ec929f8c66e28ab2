import type { GraphQLClient } from "../client/graphql-client.js";
import { DeleteSearchContextDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import type { SearchContextCallOptions } from "./search-context-types.js";

/**
 * Deletes a search context by node ID. Not retried: after a lost answer, a repeat would fail with "not found"
 * although the first attempt succeeded.
 */
export async function deleteSearchContext(
  client: GraphQLClient,
  id: string,
  options: SearchContextCallOptions = {},
): Promise<void> {
  requireNodeId(id, "id", "SearchContext");
  await client.request(DeleteSearchContextDocument, { id }, options);
}
