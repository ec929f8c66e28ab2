import { mapConcurrent } from "@sgkit/core";
import type { GraphQLClient } from "../client/graphql-client.js";
import { GraphQLResponseError } from "../errors/graphql-response-error.js";
import type { AliasedLookup, BatchLookupOptions } from "./aliased-lookup.js";
import { aliasedLookupQuery } from "./aliased-lookup-query.js";

/** The default number of keys per request. */
export const DEFAULT_CHUNK_SIZE = 100;
/** The most keys per request: the alias limit assumed for Sourcegraph, and the emulator's default. */
export const MAX_CHUNK_SIZE = 500;
/** The most requests one lookup keeps in flight. */
export const MAX_CONCURRENCY = 16;

/**
 * Looks many keys up with one aliased query per `chunkSize` keys, `concurrency` chunks at a time (default one
 * after another). Every key is checked before the first request; repeated keys are sent once.
 *
 * @returns A map from each key, in first-seen order, to its value, or `null` when the server answered null (no
 *   such object, or the viewer cannot see it).
 * @throws {RangeError} for a bad `chunkSize` or `concurrency`, and what `lookup.check` throws, before sending anything.
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
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(
      `concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${concurrency}.`,
    );
  }
  const given = [...keys];
  for (const [index, key] of given.entries()) lookup.check(key, `${lookup.argument}[${index}]`);
  const unique = [...new Set(given)];
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += chunkSize)
    chunks.push(unique.slice(start, start + chunkSize));
  const answers = await mapConcurrent(chunks, concurrency, async (chunk) => {
    const { query, variables } = aliasedLookupQuery(lookup, chunk);
    const data = await client.request<Record<string, TAnswer | null | undefined>>(
      query,
      variables,
      requestOptions,
    );
    return chunk.map((key, index) => {
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
      return [key, answer === null ? null : lookup.read(answer)] as const;
    });
  });
  const values = new Map<string, TValue | null>(answers.flat());
  return values;
}
