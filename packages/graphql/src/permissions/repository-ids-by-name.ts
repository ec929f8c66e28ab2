import type { GraphQLClient } from "../client/graphql-client.js";
import { GraphQLResponseError } from "../errors/graphql-response-error.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

/** Options of {@link repositoryIdsByName}. */
export interface RepositoryIdsByNameOptions {
  /**
   * Names looked up per request (aliases per query), 1 to 500. Default 100. Sourcegraph limits the aliases of one
   * query (its default maximum is assumed to be about 500, and the query-cost limit also counts them); 100 stays
   * well under both, and a refused request costs at most 100 lookups.
   */
  chunkSize?: number;
  signal?: AbortSignal;
}

/** The default number of names per request. */
export const REPOSITORY_IDS_CHUNK_SIZE = 100;
const MAX_CHUNK_SIZE = 500;

/**
 * The node IDs of many repositories by name (`github.com/acme/api`), with one aliased query per `chunkSize` names
 * (`r0: repository(name: $n0) { id }`, …), the chunks one after another. Names are deduplicated.
 *
 * @returns A map from each name to its repository's node ID, or `null` when no such repository exists or the
 *   viewer cannot see it.
 * @throws {GraphQLResponseError} when a lookup fails for another reason (the error's `data` holds the names of
 *   that chunk that did resolve, under their aliases); `QueryComplexityError` when the chunk is too large for the
 *   instance.
 */
export async function repositoryIdsByName(
  client: GraphQLClient,
  names: Iterable<string>,
  options: RepositoryIdsByNameOptions = {},
): Promise<Map<string, string | null>> {
  const chunkSize = options.chunkSize ?? REPOSITORY_IDS_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be a whole number from 1 to ${MAX_CHUNK_SIZE}, not ${chunkSize}.`);
  }
  const unique = [...new Set(names)];
  for (const [index, name] of unique.entries()) {
    if (typeof name !== "string" || name.trim() === "") {
      throw new InvalidArgumentError(
        `names[${index}] must be a non-empty repository name, not ${JSON.stringify(name)}.`,
        { argument: `names[${index}]` },
      );
    }
  }
  const ids = new Map<string, string | null>();
  for (let start = 0; start < unique.length; start += chunkSize) {
    const chunk = unique.slice(start, start + chunkSize);
    const { query, variables } = repositoryIdsByNameQuery(chunk);
    const data = await client.request<RepositoryIdsByNameResult>(query, variables, {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const [index, name] of chunk.entries()) {
      const found = data[`r${index}`];
      if (found === undefined) {
        throw new GraphQLResponseError(`RepositoryIdsByName: the answer has no r${index} (${name}).`, {
          errors: [{ message: `missing alias r${index}` }],
          data,
          code: "internal",
          operationName: "RepositoryIdsByName",
        });
      }
      ids.set(name, found?.id ?? null);
    }
  }
  return ids;
}

/** The answer of a `RepositoryIdsByName` query: one alias `r<i>` per name. */
export type RepositoryIdsByNameResult = Record<`r${number}`, { id: string } | null | undefined>;

/**
 * The aliased query that looks up `names`, and its variables:
 * `query RepositoryIdsByName($n0: String!, …) { r0: repository(name: $n0) { id } … }`. Names travel as variables,
 * never inside the query text.
 */
export function repositoryIdsByNameQuery(names: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  const parameters: string[] = [];
  const fields: string[] = [];
  for (const [index, name] of names.entries()) {
    variables[`n${index}`] = name;
    parameters.push(`$n${index}: String!`);
    fields.push(`  r${index}: repository(name: $n${index}) {\n    id\n  }`);
  }
  return {
    query: `query RepositoryIdsByName(${parameters.join(", ")}) {\n${fields.join("\n")}\n}`,
    variables,
  };
}
