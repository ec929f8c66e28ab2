import type { GraphQLClient } from "../client/graphql-client.js";
import { CreateSearchContextDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import { copyRepositories } from "./copy-repositories.js";
import type { NewSearchContext, SearchContext, SearchContextCallOptions } from "./search-context-types.js";

/**
 * Creates a search context: in the namespace of a user or organization (its node ID), or global when `namespace`
 * is absent or null. Users may create contexts in their own and their organizations' namespaces; site admins
 * anywhere.
 *
 * Not retried: after a lost answer a repeat would fail with "already exists" although the first one succeeded.
 *
 * @returns The new context, with its `id` and `spec`.
 */
export async function createSearchContext(
  client: GraphQLClient,
  context: NewSearchContext,
  options: SearchContextCallOptions = {},
): Promise<SearchContext> {
  if (context.namespace != null) requireNodeId(context.namespace, "namespace", "User", "Org");
  const data = await client.request(
    CreateSearchContextDocument,
    {
      searchContext: {
        name: context.name,
        description: context.description ?? "",
        public: context.public ?? false,
        namespace: context.namespace ?? null,
        ...(context.query === undefined ? {} : { query: context.query }),
      },
      repositories: copyRepositories(context.repositories ?? []),
    },
    options,
  );
  return data.createSearchContext;
}
