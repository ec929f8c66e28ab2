import type { SearchContext, SearchContextEdit } from "./search-context-types.js";

/**
 * The edit that would leave `context` as it is: its name, description, visibility, query and every repository
 * with every revision. Spread it and change what you need, so an update loses nothing:
 * `updateSearchContext(client, context.id, { ...toSearchContextEdit(context), description: "…" })`.
 */
export function toSearchContextEdit(context: SearchContext): SearchContextEdit {
  return {
    name: context.name,
    description: context.description,
    public: context.public,
    query: context.query === "" ? null : context.query,
    repositories: context.repositories.map(({ repository, revisions }) => ({
      repositoryID: repository.id,
      revisions: [...revisions],
    })),
  };
}
