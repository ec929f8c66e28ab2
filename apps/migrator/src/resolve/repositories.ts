import {
  databaseIdOf,
  decodeNodeId,
  encodeNodeId,
  type GraphQLClient,
  InvalidNodeIdError,
  type RepositoryNode,
} from "@sgkit/graphql";
import { MigratorError } from "../migrator-error.js";

/**
 * GraphQL lookup requests in flight at once while resolving: a few, so that resolving 100k names does not take
 * 1,000 round trips one after another, and few enough to stay a small share of an instance's GraphQL capacity.
 */
export const LOOKUP_CONCURRENCY = 4;

/** A repository the instance knows. */
export interface ResolvedRepository {
  readonly id: number;
  readonly name: string;
}

/**
 * Looks up every repository reference with batched GraphQL queries: names with `repository(name:)`, ids (and
 * decoded node IDs) with `node(id:)`, so that an id the instance does not have is caught here rather than by a
 * failing write. Returns each reference's repository, or null when the instance has none (or the token cannot
 * see it).
 */
export async function resolveRepositories(
  client: GraphQLClient,
  references: ReadonlyMap<string, RepositoryRef>,
  options: { signal?: AbortSignal } = {},
): Promise<Map<string, ResolvedRepository | null>> {
  const names = new Map<string, string>();
  const nodeIds = new Map<string, string>();
  for (const [reference, parsed] of references) {
    if (parsed.form === "name") names.set(reference, parsed.name);
    else nodeIds.set(reference, encodeNodeId("Repository", parsed.id));
  }
  const lookup = { ...options, concurrency: LOOKUP_CONCURRENCY };
  const [ids, found] = await Promise.all([
    names.size > 0 ? client.repositoryIdsByName(names.values(), lookup) : new Map<string, string | null>(),
    nodeIds.size > 0
      ? client.repositoriesByNodeId(nodeIds.values(), lookup)
      : new Map<string, RepositoryNode | null>(),
  ]);
  const resolved = new Map<string, ResolvedRepository | null>();
  for (const [reference, name] of names) {
    const id = ids.get(name);
    resolved.set(reference, id ? { id: databaseIdOf(id, "Repository"), name } : null);
  }
  for (const [reference, nodeId] of nodeIds) {
    const repository = found.get(nodeId);
    resolved.set(reference, repository ? { id: repository.databaseId, name: repository.name } : null);
  }
  return resolved;
}

/** A repository reference of an input, classified. */
export type RepositoryRef =
  | { readonly form: "id"; readonly id: number }
  | { readonly form: "name"; readonly name: string };

const DIGITS = /^[0-9]+$/;
const NODE_ID = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * What an input's `repository` is: a numeric id (`123`), a GraphQL node ID (`UmVwb3NpdG9yeToxMjM=`, which
 * decodes to `Repository:123`) or a name (`github.com/acme/api`). Text that decodes as a node ID of another kind
 * (a user's, say) is refused rather than looked up as a name, and so are digits that are no id (`0123`, `0`, or
 * beyond 2^53), which no repository is named either.
 *
 * @throws {InvalidNodeIdError} for a node ID of another kind or with a non-numeric key.
 * @throws {MigratorError} for digits that are not a repository id.
 */
export function parseRepositoryRef(reference: string): RepositoryRef {
  if (DIGITS.test(reference)) return { form: "id", id: parseId(reference) };
  if (NODE_ID.test(reference) && reference.length % 4 === 0) {
    let decoded: ReturnType<typeof decodeNodeId> | undefined;
    try {
      decoded = decodeNodeId(reference);
    } catch {
      decoded = undefined;
    }
    if (decoded !== undefined) {
      const { kind, key } = decoded;
      if (kind === "Repository" && typeof key === "number" && Number.isSafeInteger(key) && key > 0) {
        return { form: "id", id: key };
      }
      throw new InvalidNodeIdError(
        `${JSON.stringify(reference)} is a ${kind} node ID${kind === "Repository" ? " with a key that is not a repository id" : ", not a repository's"}.`,
        { id: reference },
      );
    }
  }
  return { form: "name", name: reference };
}

function parseId(digits: string): number {
  const fail = (problem: string) =>
    new MigratorError(`${JSON.stringify(digits)} is not a repository id: ${problem}.`);
  const id = Number(digits);
  if (id === 0) throw fail("ids start at 1");
  if (digits.startsWith("0")) throw fail(`ids are written without leading zeros, as ${BigInt(digits)}`);
  if (!Number.isSafeInteger(id)) throw fail(`it is beyond the largest id, ${Number.MAX_SAFE_INTEGER}`);
  return id;
}
