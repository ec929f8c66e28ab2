// Search contexts: reading, listing, creating, updating and deleting them, and the whole-state edit an update sends.

import type { GraphQLRequester } from "./client.js";
import { GraphQLResponseError, InvalidArgumentError } from "./errors.js";
import {
  CreateSearchContextDocument,
  DeleteSearchContextDocument,
  SearchContextByIdDocument,
  SearchContextBySpecDocument,
  type SearchContextFieldsFragment,
  type SearchContextRepositoryRevisionsInput,
  SearchContextsDocument,
  type SearchContextsOrderBy,
  UpdateSearchContextDocument,
} from "./gen/operations/graphql.js";
import { requireNodeId } from "./node-ids.js";
import { checkPageSize, paginate } from "./pagination.js";

/**
 * A search context as the search-context functions return it: everything an update must send back, with its
 * namespace (`null` for a global context) and its repositories with their revisions.
 */
export type SearchContext = SearchContextFieldsFragment;

/** A repository of a search context to write, by node ID, with the revisions to search. */
export type SearchContextRepositoryInput = SearchContextRepositoryRevisionsInput;

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
  /**
   * A search query that defines the context's repositories, instead of a list (the two are exclusive). Absent,
   * null or `""`: none (sent as `""`, which current servers require).
   */
  query?: string | null;
  /** The repositories and revisions. Default none. Not together with a `query`. */
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
  /** A search query that defines the context's repositories; null, absent or `""` for none (sent as `""`). */
  query?: string | null;
  /** Every repository to keep, each with every revision to keep. Not together with a `query`. */
  repositories: readonly SearchContextRepositoryInput[];
}

/** Lets an operation be aborted. */
export interface SearchContextCallOptions {
  signal?: AbortSignal;
}

// Sourcegraph does not answer a missing search context with a bare null: `searchContextBySpec` and `node(id:)`
// both return the error of `ResolveSearchContextSpec` (public source, sourcegraph/sourcegraph-public-snapshot:
// cmd/frontend/internal/searchcontexts/resolvers/resolvers.go `SearchContextBySpec` and `SearchContextByID`, the
// latter reached from `Node` in cmd/frontend/graphqlbackend/node.go; internal/search/searchcontexts/
// search_contexts.go `ResolveSearchContextSpec`), and graphql-go answers the field null with `{message, path}`.
// The error carries no `extensions.code` (the emulator's own codes never reach an answer either), so the only way
// to tell "no such context" from a real failure is the message and the path. The messages, all of
// `ResolveSearchContextSpec`'s not-found answers: a context that does not exist or that the viewer may not read
// (internal/database/errors.go `resourceNotFoundError`, `ErrSearchContextNotFound`), an `@namespace` that is no
// user or org (internal/database/namespaces.go `ErrNamespaceNotFound`, wrapped "get namespace by name"), and an
// `@namespace` without a context name (`search context %q not found`).
const NOT_FOUND_MESSAGES: ReadonlySet<string> = new Set([
  "search context not found",
  "get namespace by name: namespace not found",
]);
const NAMED_NOT_FOUND = /^search context ".*" not found$/s;

/**
 * Whether a failed lookup is the server saying there is no such search context: a `GraphQLResponseError` whose
 * only error is a not-found message (above) at the looked-up field's path, `[field]`. Anything else (another
 * message, another path, a second error) is a real failure.
 */
function isSearchContextNotFound(error: unknown, field: string): boolean {
  if (!(error instanceof GraphQLResponseError) || error.errors.length !== 1) return false;
  const [entry] = error.errors;
  if (entry === undefined || entry.path?.length !== 1 || entry.path[0] !== field) return false;
  return NOT_FOUND_MESSAGES.has(entry.message) || NAMED_NOT_FOUND.test(entry.message);
}

/** The data of a search-context lookup, or null when the server answered that there is no such context. */
async function lookUp<T>(field: string, request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (error) {
    if (isSearchContextNotFound(error, field)) return null;
    throw error;
  }
}

/**
 * A search context by node ID, or null when none has that ID or the viewer cannot see it. Sourcegraph answers
 * those with `node: null` and the error `search context not found`: that answer is null here, any other error is
 * thrown.
 *
 * @throws {InvalidArgumentError} when the ID is another kind of node.
 * @throws {GraphQLResponseError} for any other error the server answers.
 */
export async function searchContextById(
  client: GraphQLRequester,
  id: string,
  options: SearchContextCallOptions = {},
): Promise<SearchContext | null> {
  requireNodeId(id, "id", "SearchContext");
  const data = await lookUp("node", () => client.request(SearchContextByIdDocument, { id }, options));
  const node = data?.node ?? null;
  if (node === null) return null;
  if (node.__typename !== "SearchContext") {
    throw new InvalidArgumentError(`${id} is the ID of a ${node.__typename}, not of a SearchContext.`, {
      argument: "id",
    });
  }
  const { __typename, ...context } = node;
  return context;
}

/**
 * A search context by spec: `name` for a global context, `@user/name` or `@org/name` for a namespaced one; `global`
 * (or `""`) for the auto-defined one. Null when no context has that spec or the viewer cannot see it: Sourcegraph
 * answers those with `searchContextBySpec: null` and an error (`search context not found`, or `get namespace by
 * name: namespace not found` for an unknown `@namespace`), which is null here; any other error is thrown.
 *
 * @throws {GraphQLResponseError} for any other error the server answers.
 */
export async function searchContextBySpec(
  client: GraphQLRequester,
  spec: string,
  options: SearchContextCallOptions = {},
): Promise<SearchContext | null> {
  const data = await lookUp("searchContextBySpec", () =>
    client.request(SearchContextBySpecDocument, { spec }, options),
  );
  return data?.searchContextBySpec ?? null;
}

/** What {@link searchContexts} lists, and how. */
export interface SearchContextsOptions {
  /** Only contexts whose spec matches this text. */
  query?: string;
  /**
   * Only contexts in these namespaces (user or organization node IDs); `null` in the list selects global
   * contexts. Absent or empty: every namespace.
   */
  namespaces?: ReadonlyArray<string | null>;
  /** Default `SEARCH_CONTEXT_SPEC`. */
  orderBy?: SearchContextsOrderBy;
  /** Default false. */
  descending?: boolean;
  /** Contexts per request, 1 to 1000. Default 50 (the server's default). */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * The search contexts the viewer can see, as an async iterable that fetches the next page when the previous one
 * is consumed.
 */
export function searchContexts(
  client: GraphQLRequester,
  options: SearchContextsOptions = {},
): AsyncIterable<SearchContext> {
  const first = checkPageSize(options.pageSize ?? 50, 1000);
  for (const [index, namespace] of (options.namespaces ?? []).entries()) {
    if (namespace !== null) requireNodeId(namespace, `namespaces[${index}]`, "User", "Org");
  }
  const requestOptions = options.signal ? { signal: options.signal } : {};
  return paginate("searchContexts", async (after) => {
    const data = await client.request(
      SearchContextsDocument,
      {
        first,
        after,
        ...(options.query === undefined ? {} : { query: options.query }),
        namespaces: [...(options.namespaces ?? [])],
        orderBy: options.orderBy ?? "SEARCH_CONTEXT_SPEC",
        descending: options.descending ?? false,
      },
      requestOptions,
    );
    return data.searchContexts;
  });
}

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
  client: GraphQLRequester,
  context: NewSearchContext,
  options: SearchContextCallOptions = {},
): Promise<SearchContext> {
  if (context.namespace != null) requireNodeId(context.namespace, "namespace", "User", "Org");
  const query = contextQuery(context.query, context.repositories ?? []);
  const data = await client.request(
    CreateSearchContextDocument,
    {
      searchContext: {
        name: context.name,
        description: context.description ?? "",
        public: context.public ?? false,
        namespace: context.namespace ?? null,
        query,
      },
      repositories: copyRepositories(context.repositories ?? []),
    },
    options,
  );
  return data.createSearchContext;
}

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
  client: GraphQLRequester,
  id: string,
  edit: SearchContextEdit,
  options: SearchContextCallOptions = {},
): Promise<SearchContext> {
  requireNodeId(id, "id", "SearchContext");
  const query = contextQuery(edit.query, edit.repositories);
  const data = await client.request(
    UpdateSearchContextDocument,
    {
      id,
      searchContext: {
        name: edit.name,
        description: edit.description,
        public: edit.public,
        query,
      },
      repositories: copyRepositories(edit.repositories),
    },
    options,
  );
  return data.updateSearchContext;
}

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
    query: context.query,
    repositories: context.repositories.map(({ repository, revisions }) => ({
      repositoryID: repository.id,
      revisions: [...revisions],
    })),
  };
}

/**
 * The query to send: `""` for none (current servers require the field). A query and repositories are exclusive:
 * the server refuses both with "search context query and repository revisions are mutually exclusive", so that is
 * refused before sending.
 */
function contextQuery(
  query: string | null | undefined,
  repositories: readonly SearchContextRepositoryInput[],
): string {
  const text = query ?? "";
  if (typeof text !== "string") {
    throw new InvalidArgumentError(`query must be a string, not ${JSON.stringify(text)}.`, {
      argument: "query",
    });
  }
  if (text !== "" && repositories.length > 0) {
    throw new InvalidArgumentError(
      "A search context is defined by a query or by repositories, not both: give one of them.",
      { argument: "query" },
    );
  }
  return text;
}

/**
 * The repositories of a search context as the API takes them, checked: each with a repository ID and at least
 * one revision, and no repository twice (the server would keep one of them, silently).
 */
function copyRepositories(
  repositories: readonly SearchContextRepositoryInput[],
): SearchContextRepositoryInput[] {
  const seen = new Map<string, number>();
  return repositories.map(({ repositoryID, revisions }, index) => {
    requireNodeId(repositoryID, `repositories[${index}].repositoryID`, "Repository");
    const first = seen.get(repositoryID);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `repositories[${index}] repeats repositories[${first}] (${repositoryID}); list every revision in one entry.`,
        { argument: `repositories[${index}]` },
      );
    }
    seen.set(repositoryID, index);
    if (
      !Array.isArray(revisions) ||
      revisions.length === 0 ||
      revisions.some((r) => typeof r !== "string" || r === "")
    ) {
      throw new InvalidArgumentError(
        `repositories[${index}].revisions must list at least one non-empty revision (such as "HEAD" or "main").`,
        { argument: `repositories[${index}].revisions` },
      );
    }
    return { repositoryID, revisions: [...revisions] };
  });
}

/**
 * Deletes a search context by node ID. Not retried: after a lost answer, a repeat would fail with "not found"
 * although the first attempt succeeded.
 */
export async function deleteSearchContext(
  client: GraphQLRequester,
  id: string,
  options: SearchContextCallOptions = {},
): Promise<void> {
  requireNodeId(id, "id", "SearchContext");
  await client.request(DeleteSearchContextDocument, { id }, options);
}
