import type { GraphQLClient } from "../client/graphql-client.js";
import { RepositoriesDocument } from "../gen/operations/graphql.js";
import { checkPageSize, paginate } from "../pagination/paginate.js";
import { type RepositoryNode, repositoryNode } from "./repository-node.js";

/** Options of {@link repositories}. */
export interface RepositoriesOptions {
  /** Repositories per request, 1 to 1000 (what the official CLI asks for). Default 1000. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** The largest page asked for. */
const MAX_PAGE_SIZE = 1000;

/**
 * Every repository the viewer can see (a site admin: every repository of the instance), as an async iterable
 * that asks for the next page, following `pageInfo.endCursor`, when the previous one is consumed; a `break`
 * stops the requests. The order is the server's (Sourcegraph's default is by name; the emulator's by id).
 *
 * @throws {RangeError} at once for a `pageSize` outside 1 to 1000.
 */
export function repositories(
  client: GraphQLClient,
  options: RepositoriesOptions = {},
): AsyncIterable<RepositoryNode> {
  const first = checkPageSize(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const pages = paginate("repositories", async (after) => {
    const data = await client.request(RepositoriesDocument, { first, after }, requestOptions);
    return data.repositories;
  });
  return {
    async *[Symbol.asyncIterator]() {
      for await (const answer of pages) yield repositoryNode(answer);
    },
  };
}
