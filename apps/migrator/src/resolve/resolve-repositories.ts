import {
  databaseIdOf,
  encodeNodeId,
  type GraphQLClient,
  type RepositoryNode,
  repositoriesByNodeId,
  repositoryIdsByName,
} from "@sgkit/graphql";
import type { RepositoryRef } from "./parse-repository-ref.js";

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
    names.size > 0 ? repositoryIdsByName(client, names.values(), lookup) : new Map<string, string | null>(),
    nodeIds.size > 0
      ? repositoriesByNodeId(client, nodeIds.values(), lookup)
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
