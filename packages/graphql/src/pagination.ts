import { SourcegraphError } from "@sgkit/core";

/** One page of a GraphQL connection, as the high-level functions read it. */
export interface ConnectionPage<TNode> {
  nodes: readonly TNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Walks a cursor connection lazily: the first page is fetched when iteration starts, the next one when the
 * previous page's nodes are consumed, so a `break` stops the requests. A server that says there is a next page
 * but gives no cursor, or gives the cursor it was sent, is an error rather than an endless loop.
 */
export function paginate<TNode>(
  what: string,
  fetchPage: (after: string | null) => Promise<ConnectionPage<TNode>>,
): AsyncIterable<TNode> {
  return {
    async *[Symbol.asyncIterator]() {
      let after: string | null = null;
      for (;;) {
        const page: ConnectionPage<TNode> = await fetchPage(after);
        yield* page.nodes;
        if (!page.pageInfo.hasNextPage) return;
        const next = page.pageInfo.endCursor;
        if (next === null || next === after) {
          throw new SourcegraphError(
            `${what}: the server said there is a next page but gave ${next === null ? "no cursor" : "the same cursor again"}; stopping rather than asking for the same page forever.`,
            { code: "internal", isRetryable: false },
          );
        }
        after = next;
      }
    },
  };
}

/** Checks a page size option: a whole number from 1 to `max`. */
export function checkPageSize(pageSize: number, max: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > max) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${max}, not ${pageSize}.`);
  }
  return pageSize;
}
