// Batched lookups: many keys looked up with one aliased query per chunk (`r0: repository(name: $n0) { id }`, …),
// what each kind of lookup declares, and the lookup of nodes of one type by node ID.

import { mapConcurrent } from "@sgkit/core/internal";
import type { GraphQLRequester } from "./client.js";
import { GraphQLResponseError } from "./errors.js";
import { requireNodeId } from "./node-ids.js";

/** Options of the batched lookups (`repositoryIdsByName`, `usersByBindId`, `repositoriesByNodeId`, …). */
export interface BatchLookupOptions {
  /**
   * Keys looked up per request (aliases per query), 1 to 500. Default 100. Sourcegraph limits the aliases of one
   * query (its default maximum is assumed to be about 500, and the query-cost limit also counts them; the
   * emulator refuses more than 500); 100 stays well under both, and a refused request costs at most 100 lookups.
   */
  chunkSize?: number;
  /**
   * Requests in flight at once, 1 to 16. Default 1: one chunk after another, as gentle as a lookup can be; a bulk
   * tool that resolves thousands of names may ask for a few more.
   */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * How one kind of aliased lookup is written and read: the query for keys `k0…kn` is
 * `query <operationName>($n0: <variableType>, …) { <alias>0: <field($n0)> { <selection> } … }`.
 */
export interface AliasedLookup<TAnswer, TValue> {
  /** The operation's name, such as `RepositoryIdsByName` (the emulator counts requests by it). */
  readonly operationName: string;
  /** The name of the keys argument in error messages, such as `names` (`names[3] must …`). */
  readonly argument: string;
  /** The prefix of the aliases: `r` names the answers `r0`, `r1`, … */
  readonly alias: string;
  /** The GraphQL type of the key variables `$n0`, `$n1`, …, such as `String!`. */
  readonly variableType: string;
  /** The root field that looks one key up, given its variable: `repository(name: $n0)`. */
  readonly field: (variable: string) => string;
  /** The field's selection, a line each, nested lines indented by two spaces. */
  readonly selection: readonly string[];
  /**
   * Refuses a key before anything is sent (an `InvalidArgumentError` naming `argument`, such as `names[3]`); its
   * index is the key's position in the caller's list, repeats included.
   */
  readonly check: (key: unknown, argument: string) => void;
  /** What a non-null answer becomes; null when it does not describe what was looked up. */
  readonly read: (answer: TAnswer) => TValue | null;
}

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
  client: GraphQLRequester,
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
  return new Map<string, TValue | null>(answers.flat());
}

/**
 * The aliased query that looks up `keys` with `lookup`, and its variables. Keys travel as variables (`$n0`, …),
 * never inside the query text, so no key can change the query.
 */
export function aliasedLookupQuery<TAnswer, TValue>(
  lookup: AliasedLookup<TAnswer, TValue>,
  keys: readonly string[],
): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const parameters: string[] = [];
  const fields: string[] = [];
  const selection = lookup.selection.map((line) => `    ${line}`).join("\n");
  for (const [index, key] of keys.entries()) {
    variables[`n${index}`] = key;
    parameters.push(`$n${index}: ${lookup.variableType}`);
    fields.push(`  ${lookup.alias}${index}: ${lookup.field(`$n${index}`)} {\n${selection}\n  }`);
  }
  return {
    query: `query ${lookup.operationName}(${parameters.join(", ")}) {\n${fields.join("\n")}\n}`,
    variables,
  };
}

/** What a {@link nodeLookup} looks up, beside the parts every lookup by node ID shares. */
export interface NodeLookupSpec<TAnswer, TValue> {
  /** The operation's name, such as `UsersByNodeId`. */
  operationName: string;
  /** The prefix of the aliases: `u` names the answers `u0`, `u1`, … */
  alias: string;
  /** The node type, such as `User`: IDs of another kind are refused before sending, answers of another type are null. */
  typename: string;
  /** The fields selected on that type, a line each, nested lines indented by two spaces. */
  fields: readonly string[];
  /** What an answer of that type becomes. */
  read: (answer: TAnswer) => TValue;
}

/**
 * An aliased lookup of nodes of one type by node ID: `node(id: $n0) { __typename ... on <Type> { … } }` for each
 * ID of the `ids` argument, each ID checked to be of that kind before anything is sent, and null for an answer
 * of another type.
 */
export function nodeLookup<TAnswer, TValue>(
  spec: NodeLookupSpec<TAnswer, TValue>,
): AliasedLookup<TAnswer & { __typename: string }, TValue> {
  const { typename, read } = spec;
  return {
    operationName: spec.operationName,
    argument: "ids",
    alias: spec.alias,
    variableType: "ID!",
    field: (variable) => `node(id: ${variable})`,
    selection: ["__typename", `... on ${typename} {`, ...spec.fields.map((line) => `  ${line}`), "}"],
    check: (id, argument) => requireNodeId(id, argument, typename),
    read: (answer) => (answer.__typename === typename ? read(answer) : null),
  };
}
