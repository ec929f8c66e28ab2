import { aliasedBatch, DEFAULT_CHUNK_SIZE } from "../batching/aliased-batch.js";
import type { AliasedLookup, BatchLookupOptions } from "../batching/aliased-lookup.js";
import { aliasedLookupQuery } from "../batching/aliased-lookup-query.js";
import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

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
  client: GraphQLClient,
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
