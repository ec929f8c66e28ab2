import type { GraphQLClient } from "../client/graphql-client.js";
import { SearchContextsDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import { checkPageSize, paginate } from "../pagination/paginate.js";
import type { SearchContext, SearchContextsOrderBy } from "./search-context-types.js";

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
  client: GraphQLClient,
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
