import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { SearchContextByIdDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import type { SearchContext, SearchContextCallOptions } from "./search-context-types.js";

/**
 * A search context by node ID, or null when none has that ID or the viewer cannot see it.
 *
 * @throws {InvalidArgumentError} when the ID is another kind of node.
 */
export async function searchContextById(
  client: GraphQLClient,
  id: string,
  options: SearchContextCallOptions = {},
): Promise<SearchContext | null> {
  requireNodeId(id, "id", "SearchContext");
  const { node } = await client.request(SearchContextByIdDocument, { id }, options);
  if (node === null) return null;
  if (node.__typename !== "SearchContext") {
    throw new InvalidArgumentError(`${id} is the ID of a ${node.__typename}, not of a SearchContext.`, {
      argument: "id",
    });
  }
  const { __typename, ...context } = node;
  return context;
}
