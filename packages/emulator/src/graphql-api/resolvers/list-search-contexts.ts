import { canReadSearchContext } from "../../state/can-read-search-context.js";
import type { SearchContext, SearchContextNamespace } from "../../state/search-context-store.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import type { GraphQLContext } from "../graphql-context.js";
import { pageSize } from "../guards.js";
import { namespaceArgument } from "../node-arguments.js";
import type { Connection } from "./resolver-map.js";

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
  const matching = state.searchContexts
    .all()
    .filter(
      (searchContext) =>
        canReadSearchContext(state, viewer, searchContext) &&
        inNamespaces(searchContext) &&
        state.searchContextSpec(searchContext).toLowerCase().includes(query),
    )
    .map((searchContext) => ({ searchContext, key: keyOf(searchContext) }))
    .sort((a, b) => compare(a.key, b.key));

  const cursorOrder = `${orderBy}:${descending ? "desc" : "asc"}`;
  let rest = matching;
  if (args.after) {
    const after = decodeCursor(args.after, cursorOrder);
    rest = matching.filter((item) => compare(item.key, after) > 0);
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
