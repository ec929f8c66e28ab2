import type { GraphQLClient } from "../client/graphql-client.js";
import { GraphQLResponseError } from "../errors/graphql-response-error.js";
import type { AliasedLookup, BatchLookupOptions } from "./aliased-lookup.js";
import { aliasedLookupQuery } from "./aliased-lookup-query.js";

/** The default number of keys per request. */
export const DEFAULT_CHUNK_SIZE = 100;
/** The most keys per request: the alias limit assumed for Sourcegraph, and the emulator's default. */
export const MAX_CHUNK_SIZE = 500;

/**
 * Looks many keys up with one aliased query per `chunkSize` keys, the chunks one after another. Every key is
 * checked before the first request; repeated keys are sent once.
 *
 * @returns A map from each key, in first-seen order, to its value, or `null` when the server answered null (no
 *   such object, or the viewer cannot see it).
 * @throws {RangeError} for a bad `chunkSize`, and what `lookup.check` throws, before sending anything.
 * @throws {GraphQLResponseError} when a lookup fails (its `data` holds the chunk's answers that did resolve,
 *   under their aliases), or the answer lacks an alias; `QueryComplexityError` when a chunk is too large for the
 *   instance.
 */
export async function aliasedBatch<TAnswer, TValue>(
  client: GraphQLClient,
  keys: Iterable<string>,
  lookup: AliasedLookup<TAnswer, TValue>,
  options: BatchLookupOptions = {},
): Promise<Map<string, TValue | null>> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be a whole number from 1 to ${MAX_CHUNK_SIZE}, not ${chunkSize}.`);
  }
  const given = [...keys];
  for (const [index, key] of given.entries()) lookup.check(key, `${lookup.argument}[${index}]`);
  const unique = [...new Set(given)];
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const values = new Map<string, TValue | null>();
  for (let start = 0; start < unique.length; start += chunkSize) {
    const chunk = unique.slice(start, start + chunkSize);
    const { query, variables } = aliasedLookupQuery(lookup, chunk);
    const data = await client.request<Record<string, TAnswer | null | undefined>>(
      query,
      variables,
      requestOptions,
    );
    for (const [index, key] of chunk.entries()) {
      const alias = `${lookup.alias}${index}`;
      const answer = data[alias];
      if (answer === undefined) {
        throw new GraphQLResponseError(`${lookup.operationName}: the answer has no ${alias} (${key}).`, {
          errors: [{ message: `missing alias ${alias}` }],
          data,
          code: "internal",
          operationName: lookup.operationName,
        });
      }
      values.set(key, answer === null ? null : lookup.read(answer));
    }
  }
  return values;
}
