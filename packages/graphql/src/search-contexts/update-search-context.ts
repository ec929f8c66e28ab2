import type { GraphQLClient } from "../client/graphql-client.js";
import { UpdateSearchContextDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import { copyRepositories } from "./copy-repositories.js";
import type { SearchContext, SearchContextCallOptions, SearchContextEdit } from "./search-context-types.js";

/**
 * Replaces a search context's name, description, visibility, query and repositories. The API has no partial
 * update: anything not sent is lost, so `edit` requires every field. To change one field, read the context and
 * start from `toSearchContextEdit(context)`. The namespace cannot change.
 *
 * Not retried: a rename changes the context's ID (it is keyed by its spec), so a repeat after a lost answer would
 * fail although the first attempt succeeded.
 *
 * @returns The context as updated (after a rename, with its new `spec` and `id`).
 */
export async function updateSearchContext(
  client: GraphQLClient,
  id: string,
  edit: SearchContextEdit,
  options: SearchContextCallOptions = {},
): Promise<SearchContext> {
  requireNodeId(id, "id", "SearchContext");
  const data = await client.request(
    UpdateSearchContextDocument,
    {
      id,
      searchContext: {
        name: edit.name,
        description: edit.description,
        public: edit.public,
        ...(edit.query === undefined ? {} : { query: edit.query }),
      },
      repositories: copyRepositories(edit.repositories),
    },
    options,
  );
  return data.updateSearchContext;
}
