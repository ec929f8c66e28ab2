// Repositories: the listing of every repository, and the batched lookups by node ID and by name.

import {
  type AliasedLookup,
  aliasedBatch,
  aliasedLookupQuery,
  type BatchLookupOptions,
  DEFAULT_CHUNK_SIZE,
  nodeLookup,
} from "./batching.js";
import type { GraphQLRequester } from "./client.js";
import { InvalidArgumentError } from "./errors.js";
import { RepositoriesDocument } from "./gen/operations/graphql.js";
import { databaseIdOf } from "./node-ids.js";
import { checkPageSize, paginate } from "./pagination.js";

/** A repository as the lookups and the listing give it. */
export interface RepositoryNode {
  /** The opaque node ID (`UmVwb3NpdG9yeToxMjM=`), what GraphQL arguments take. */
  id: string;
  /** The numeric id the node ID holds (`123`), what the HTTP API names as `repositories/123`. */
  databaseId: number;
  /** The name, such as `github.com/acme/api`. */
  name: string;
}

/** A {@link RepositoryNode} from a repository's `id` and `name`. */
function repositoryNode(answer: { id: string; name: string }): RepositoryNode {
  return { id: answer.id, databaseId: databaseIdOf(answer.id, "Repository"), name: answer.name };
}

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
  client: GraphQLRequester,
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

const REPOSITORIES_BY_NODE_ID = nodeLookup<{ id: string; name: string }, RepositoryNode>({
  operationName: "RepositoriesByNodeId",
  alias: "r",
  typename: "Repository",
  fields: ["id", "name"],
  read: repositoryNode,
});

/**
 * Many repositories by node ID, with one aliased query per `chunkSize` IDs
 * (`r0: node(id: $n0) { ... on Repository { id name } }`, …), the chunks one after another. Repeated IDs are
 * sent once.
 *
 * @returns A map from each ID to its repository, or `null` when no repository has it or the viewer cannot see it.
 * @throws {InvalidNodeIdError} before sending, for an ID that does not decode or is not a repository's, naming
 *   the ID and its index (`ids[3]`).
 * @throws {RangeError} for a `chunkSize` outside 1 to 500.
 * @throws {GraphQLResponseError} when a lookup fails, with the chunk's resolved answers in `data`.
 */
export async function repositoriesByNodeId(
  client: GraphQLRequester,
  ids: Iterable<string>,
  options: BatchLookupOptions = {},
): Promise<Map<string, RepositoryNode | null>> {
  return aliasedBatch(client, ids, REPOSITORIES_BY_NODE_ID, options);
}

/** Options of {@link repositoryIdsByName}: `chunkSize` (1 to 500, default 100) and `signal`. */
export type RepositoryIdsByNameOptions = BatchLookupOptions;

/** The default number of names per request. */
export const REPOSITORY_IDS_CHUNK_SIZE = DEFAULT_CHUNK_SIZE;

/** The answer of a `RepositoryIdsByName` query: one alias `r<i>` per name. */
export type RepositoryIdsByNameResult = Record<`r${number}`, { id: string } | null | undefined>;

const REPOSITORY_IDS: AliasedLookup<{ id: string }, string> = {
  operationName: "RepositoryIdsByName",
  argument: "names",
  alias: "r",
  variableType: "String!",
  field: (variable) => `repository(name: ${variable})`,
  selection: ["id"],
  check(name, argument) {
    if (typeof name !== "string" || name.trim() === "") {
      throw new InvalidArgumentError(
        `${argument} must be a non-empty repository name, not ${JSON.stringify(name)}.`,
        { argument },
      );
    }
  },
  read: (answer) => answer.id,
};

/**
 * The node IDs of many repositories by name (`github.com/acme/api`), with one aliased query per `chunkSize` names
 * (`r0: repository(name: $n0) { id }`, …), the chunks one after another. Names are deduplicated.
 *
 * @returns A map from each name to its repository's node ID, or `null` when no such repository exists or the
 *   viewer cannot see it.
 * @throws {InvalidArgumentError} before sending, for a blank name (naming its index: `names[3]`).
 * @throws {GraphQLResponseError} when a lookup fails for another reason (the error's `data` holds the names of
 *   that chunk that did resolve, under their aliases); `QueryComplexityError` when the chunk is too large for the
 *   instance.
 */
export function repositoryIdsByName(
  client: GraphQLRequester,
  names: Iterable<string>,
  options: RepositoryIdsByNameOptions = {},
): Promise<Map<string, string | null>> {
  return aliasedBatch(client, names, REPOSITORY_IDS, options);
}

/**
 * The aliased query that looks up `names`, and its variables:
 * `query RepositoryIdsByName($n0: String!, …) { r0: repository(name: $n0) { id } … }`. Names travel as variables,
 * never inside the query text.
 */
export function repositoryIdsByNameQuery(names: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  return aliasedLookupQuery(REPOSITORY_IDS, names);
}
