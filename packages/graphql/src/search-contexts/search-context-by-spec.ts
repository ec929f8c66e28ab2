import type { GraphQLClient } from "../client/graphql-client.js";
import { SearchContextBySpecDocument } from "../gen/operations/graphql.js";
import type { SearchContext, SearchContextCallOptions } from "./search-context-types.js";

/**
 * A search context by spec: `name` for a global context, `@user/name` or `@org/name` for a namespaced one.
 *
 * Sourcegraph answers an unknown (or invisible) spec with a GraphQL error rather than null, so that surfaces as a
 * `GraphQLResponseError`; null is returned only if a server answers null.
 */
export async function searchContextBySpec(
  client: GraphQLClient,
  spec: string,
  options: SearchContextCallOptions = {},
): Promise<SearchContext | null> {
  const data = await client.request(SearchContextBySpecDocument, { spec }, options);
  return data.searchContextBySpec;
}
