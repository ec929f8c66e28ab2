import {
  canReadSearchContext,
  GLOBAL_SEARCH_CONTEXT,
  GLOBAL_SEARCH_CONTEXT_NAME,
  MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH,
  resolveSearchContextSpec,
  type SearchContext,
  type SearchContextNamespace,
  type SearchContextRepository,
  searchContextNameProblem,
  searchContextWriteProblem,
} from "../../state/search-contexts.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import {
  namespaceArgument,
  pageSize,
  repositoryArgument,
  requireViewer,
  searchContextSpecKey,
} from "./checks.js";
import type { Connection, GraphQLContext, ResolverMap } from "./resolver-map.js";

interface SearchContextEditInput {
  readonly name: string;
  readonly description: string;
  readonly public: boolean;
  /** Required (`String!`) on current servers: `""` for none. */
  readonly query: string;
}

interface SearchContextInput extends SearchContextEditInput {
  readonly namespace?: string | null;
}

interface RepositoryRevisionsInput {
  readonly repositoryID: string;
  readonly revisions: readonly string[];
}

/**
 * Create, update and delete of search contexts, with Sourcegraph's write rule (see `searchContextWriteProblem`):
 * "not authenticated" for anonymous callers, the rule's message for others without the right. A context the
 * viewer cannot read is "not found", so its existence does not leak. An update is a full replacement of every
 * field and repository; the namespace cannot change (the edit input has none). Every argument is checked first.
 * As in public source (internal/search/searchcontexts/search_contexts.go): no context may be named `global`
 * ("cannot override global search context", "cannot update global search context"), and a query and
 * repositories are exclusive ("search context query and repository revisions are mutually exclusive").
 */
export function searchContextMutations(): ResolverMap {
  return {
    Mutation: {
      createSearchContext(
        _: unknown,
        args: { searchContext: SearchContextInput; repositories: readonly RepositoryRevisionsInput[] },
        context: GraphQLContext,
      ): SearchContext {
        requireViewer(context, "createSearchContext");
        const input = args.searchContext;
        const namespace = namespaceArgument(context, input.namespace, "searchContext.namespace");
        if (input.name === GLOBAL_SEARCH_CONTEXT_NAME) {
          throw new GraphQLApiError(
            GraphQLErrorCode.invalidArgument,
            "cannot override global search context",
          );
        }
        checkWrite(context, { namespace, public: input.public });
        const fields = checkFields(input, "searchContext");
        checkExclusive(fields.query, args.repositories);
        const repositories = checkRepositories(context, args.repositories);
        if (context.state.searchContexts.byName(namespace, fields.name)) throw taken();
        return context.state.searchContexts.add({ ...fields, namespace, repositories });
      },
      updateSearchContext(
        _: unknown,
        args: {
          id: string;
          searchContext: SearchContextEditInput;
          repositories: readonly RepositoryRevisionsInput[];
        },
        context: GraphQLContext,
      ): SearchContext {
        requireViewer(context, "updateSearchContext");
        const existing = readable(context, args.id);
        // Sourcegraph checks the name the update would give; the emulator also refuses renaming the
        // auto-defined context itself, which has no row to update.
        if (existing.autoDefined || args.searchContext.name === GLOBAL_SEARCH_CONTEXT_NAME) {
          throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, "cannot update global search context");
        }
        checkWrite(context, existing);
        checkWrite(context, { namespace: existing.namespace, public: args.searchContext.public });
        const fields = checkFields(args.searchContext, "searchContext");
        checkExclusive(fields.query, args.repositories);
        const repositories = checkRepositories(context, args.repositories);
        const clash = context.state.searchContexts.byName(existing.namespace, fields.name);
        if (clash && clash.id !== existing.id) throw taken();
        return context.state.searchContexts.update(existing.id, { ...fields, repositories });
      },
      deleteSearchContext(_: unknown, args: { id: string }, context: GraphQLContext) {
        requireViewer(context, "deleteSearchContext");
        const existing = readable(context, args.id);
        if (existing.autoDefined) {
          throw new GraphQLApiError(
            GraphQLErrorCode.invalidArgument,
            "cannot delete auto-defined search context",
          );
        }
        checkWrite(context, existing);
        context.state.searchContexts.delete(existing.id);
        return { alwaysNil: null };
      },
    },
  };
}

function readable(context: GraphQLContext, id: string): SearchContext {
  return resolvedSearchContext(context, searchContextSpecKey(id, "id"));
}

/**
 * The context a spec names, when the viewer may read it; otherwise the error Sourcegraph's
 * `ResolveSearchContextSpec` answers (see `resolveSearchContextSpec`): `search context not found`, or `get
 * namespace by name: namespace not found`, or `search context "@ns" not found` for a spec without a context name.
 */
export function resolvedSearchContext(context: GraphQLContext, spec: string): SearchContext {
  const resolved = resolveSearchContextSpec(context.state, context.viewer, spec);
  if (resolved.error !== undefined) throw new GraphQLApiError(GraphQLErrorCode.notFound, resolved.error);
  return resolved.searchContext;
}

/**
 * The spec a `SearchContext` node ID's key gives, as Go's `relay.UnmarshalSpec` into a string does: a string is
 * the spec, JSON `null` leaves it empty (which is the `global` context), and any other JSON value is
 * `encoding/json`'s error (github.com/graph-gophers/graphql-go, relay/relay.go).
 */
export function searchContextSpecOfKey(key: unknown): string {
  if (typeof key === "string") return key;
  if (key === null) return "";
  const type =
    typeof key === "number"
      ? "number"
      : typeof key === "boolean"
        ? "bool"
        : Array.isArray(key)
          ? "array"
          : "object";
  throw new GraphQLApiError(
    GraphQLErrorCode.invalidArgument,
    `json: cannot unmarshal ${type} into Go value of type string`,
  );
}

function checkWrite(context: GraphQLContext, target: Pick<SearchContext, "namespace" | "public">): void {
  const problem = searchContextWriteProblem(context.state, context.viewer, target);
  if (problem) throw new GraphQLApiError(GraphQLErrorCode.forbidden, problem);
}

function checkFields(input: SearchContextEditInput, path: string) {
  const problem = searchContextNameProblem(input.name);
  if (problem) throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, `${path}.name: ${problem}`);
  if (input.description.length > MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH) {
    throw new GraphQLApiError(
      GraphQLErrorCode.invalidArgument,
      `${path}.description: must be at most ${MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH} characters, got ${input.description.length}`,
    );
  }
  return { name: input.name, description: input.description, public: input.public, query: input.query };
}

// A context is defined by a query or by repositories, not both (Sourcegraph's check and message).
function checkExclusive(query: string, repositories: readonly RepositoryRevisionsInput[]): void {
  if (query !== "" && repositories.length > 0) {
    throw new GraphQLApiError(
      GraphQLErrorCode.invalidArgument,
      "search context query and repository revisions are mutually exclusive",
    );
  }
}

function checkRepositories(
  context: GraphQLContext,
  inputs: readonly RepositoryRevisionsInput[],
): SearchContextRepository[] {
  const seen = new Map<number, number>();
  return inputs.map((input, index) => {
    const path = `repositories[${index}]`;
    const repository = repositoryArgument(context, input.repositoryID, `${path}.repositoryID`);
    const first = seen.get(repository.id);
    if (first !== undefined) {
      throw new GraphQLApiError(
        GraphQLErrorCode.invalidArgument,
        `${path}.repositoryID: ${JSON.stringify(input.repositoryID)} is a duplicate of repositories[${first}]`,
      );
    }
    seen.set(repository.id, index);
    if (input.revisions.length === 0) {
      throw new GraphQLApiError(
        GraphQLErrorCode.invalidArgument,
        `${path}.revisions: must name at least one revision, such as "HEAD"`,
      );
    }
    input.revisions.forEach((revision, r) => {
      if (revision.trim() === "") {
        throw new GraphQLApiError(
          GraphQLErrorCode.invalidArgument,
          `${path}.revisions[${r}]: must not be blank`,
        );
      }
    });
    return { repositoryId: repository.id, revisions: [...input.revisions] };
  });
}

// Sourcegraph's words (internal/search/searchcontexts/search_contexts.go, `validateSearchContextDoesNotExist`),
// which do not name the context.
function taken(): GraphQLApiError {
  return new GraphQLApiError(GraphQLErrorCode.alreadyExists, "search context already exists");
}

/** The arguments of `Query.searchContexts` (defaults applied by graphql-js from the schema). */
export interface SearchContextsArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly query?: string | null;
  readonly namespaces?: ReadonlyArray<string | null> | null;
  readonly orderBy?: "SEARCH_CONTEXT_SPEC" | "SEARCH_CONTEXT_UPDATED_AT" | null;
  readonly descending?: boolean | null;
}

type SortKey = string | number;

/**
 * `Query.searchContexts`: the contexts the viewer may read, filtered by `query` (a case-insensitive substring of
 * the spec) and `namespaces` (user or org IDs; a null entry is the global namespace; empty means all), sorted by
 * spec or by update time (ties by creation), ascending or `descending`, `first` (default 50) at a time.
 *
 * Cursors are opaque (base64url JSON of the sort order and the last context's sort key), not offsets, so a
 * listing stays right while contexts are created or deleted between pages. A cursor from another order is
 * `ErrInvalidArgument`.
 */
export function listSearchContexts(
  _: unknown,
  args: SearchContextsArgs,
  context: GraphQLContext,
): Connection<SearchContext> {
  const { state, viewer } = context;
  const first = pageSize(args.first, 50);
  const orderBy = args.orderBy ?? "SEARCH_CONTEXT_SPEC";
  const descending = args.descending ?? false;
  const query = args.query?.toLowerCase() ?? "";
  const namespaces: SearchContextNamespace[] = (args.namespaces ?? []).map((id, index) =>
    namespaceArgument(context, id, `namespaces[${index}]`),
  );
  const inNamespaces = (searchContext: SearchContext) =>
    namespaces.length === 0 ||
    namespaces.some((namespace) =>
      namespace === null || searchContext.namespace === null
        ? namespace === searchContext.namespace
        : namespace.kind === searchContext.namespace.kind && namespace.id === searchContext.namespace.id,
    );

  const keyOf = (searchContext: SearchContext): [SortKey, number] => [
    orderBy === "SEARCH_CONTEXT_SPEC"
      ? state.searchContextSpec(searchContext)
      : searchContext.updatedAt.getTime(),
    searchContext.id,
  ];
  const compare = (a: [SortKey, number], b: [SortKey, number]) => {
    const order = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
    return descending ? -order : order;
  };
  // The auto-defined `global` context is listed too, always first whatever the order (Sourcegraph's listing
  // query adds it as a row and sorts by `autodefined DESC` before the order asked for), and counted.
  const global = GLOBAL_SEARCH_CONTEXT;
  const withGlobal = [global, ...state.searchContexts.all()];
  const matching = withGlobal
    .filter(
      (searchContext) =>
        canReadSearchContext(state, viewer, searchContext) &&
        inNamespaces(searchContext) &&
        state.searchContextSpec(searchContext).toLowerCase().includes(query),
    )
    .map((searchContext) => ({ searchContext, key: keyOf(searchContext) }))
    .sort((a, b) =>
      a.searchContext.autoDefined !== b.searchContext.autoDefined
        ? a.searchContext.autoDefined
          ? -1
          : 1
        : compare(a.key, b.key),
    );

  const cursorOrder = `${orderBy}:${descending ? "desc" : "asc"}`;
  let rest = matching;
  if (args.after) {
    const after = decodeCursor(args.after, cursorOrder);
    // Only the auto-defined context has id 0, and it is always first: a cursor past it resumes the others.
    rest = matching.filter((item) =>
      item.searchContext.autoDefined ? false : after[1] === 0 || compare(item.key, after) > 0,
    );
  }
  const page = rest.slice(0, first);
  const hasNextPage = rest.length > page.length;
  const last = page.at(-1);
  return {
    nodes: page.map((item) => item.searchContext),
    totalCount: matching.length,
    pageInfo: {
      hasNextPage,
      endCursor: hasNextPage && last ? encodeCursor(cursorOrder, last.key) : null,
    },
  };
}

function encodeCursor(order: string, key: [SortKey, number]): string {
  return Buffer.from(JSON.stringify({ o: order, k: key })).toString("base64url");
}

function decodeCursor(cursor: string, order: string): [SortKey, number] {
  let parsed: { o?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as typeof parsed;
  } catch {
    throw invalidCursor(cursor);
  }
  const key = parsed?.k;
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    !(typeof key[0] === "string" || typeof key[0] === "number") ||
    typeof key[1] !== "number"
  ) {
    throw invalidCursor(cursor);
  }
  if (parsed.o !== order) {
    throw new GraphQLApiError(
      GraphQLErrorCode.invalidArgument,
      "after: the cursor was made for another orderBy or descending; pass the arguments of the first page",
    );
  }
  return key as [SortKey, number];
}

function invalidCursor(cursor: string): GraphQLApiError {
  return new GraphQLApiError(
    GraphQLErrorCode.invalidArgument,
    `after: ${JSON.stringify(cursor)} is not a cursor of searchContexts`,
  );
}
