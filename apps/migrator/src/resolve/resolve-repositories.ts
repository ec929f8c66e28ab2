import {
  decodeNodeId,
  encodeNodeId,
  type GraphQLClient,
  repositoriesByNodeId,
  repositoryIdsByName,
} from "@sgkit/graphql";
import type { RepositoryRef } from "./parse-repository-ref.js";

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
  const resolved = new Map<string, ResolvedRepository | null>();
  if (names.size > 0) {
    const ids = await repositoryIdsByName(client, names.values(), options);
    for (const [reference, name] of names) {
      const id = ids.get(name);
      resolved.set(reference, id ? { id: decodeNodeId(id, "Repository").key as number, name } : null);
    }
  }
  if (nodeIds.size > 0) {
    const found = await repositoriesByNodeId(client, nodeIds.values(), options);
    for (const [reference, nodeId] of nodeIds) {
      const repository = found.get(nodeId);
      resolved.set(reference, repository ? { id: repository.databaseId, name: repository.name } : null);
    }
  }
  return resolved;
}
