import type {
  SearchContextFieldsFragment,
  SearchContextRepositoryRevisionsInput,
  SearchContextsOrderBy,
} from "../gen/operations/graphql.js";

/**
 * A search context as the search-context functions return it: everything an update must send back, with its
 * namespace (`null` for a global context) and its repositories with their revisions.
 */
export type SearchContext = SearchContextFieldsFragment;

/** A repository of a search context to write, by node ID, with the revisions to search. */
export type SearchContextRepositoryInput = SearchContextRepositoryRevisionsInput;

export type { SearchContextsOrderBy };

/** The fields of a new search context. */
export interface NewSearchContext {
  /** Unique within its namespace; the spec becomes `@<namespace>/<name>`, or `<name>` for a global context. */
  name: string;
  /** Default `""`. */
  description?: string;
  /** Public contexts are readable by every user. Default false (private). */
  public?: boolean;
  /** The owning user's or organization's node ID; absent or null for a global (instance-level) context. */
  namespace?: string | null;
  /** A search query that defines the context's repositories, instead of a list. */
  query?: string | null;
  /** The repositories and revisions. Default none. */
  repositories?: readonly SearchContextRepositoryInput[];
}

/**
 * The whole new state of an existing search context. Every field is required because the API replaces the
 * context: a field or repository left out is lost. The namespace cannot change.
 */
export interface SearchContextEdit {
  name: string;
  description: string;
  public: boolean;
  /** A search query that defines the context's repositories; null or absent for none. */
  query?: string | null;
  /** Every repository to keep, each with every revision to keep. */
  repositories: readonly SearchContextRepositoryInput[];
}

/** Lets an operation be aborted. */
export interface SearchContextCallOptions {
  signal?: AbortSignal;
}
