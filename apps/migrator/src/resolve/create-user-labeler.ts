import { encodeNodeId, type GraphQLClient, usersByNodeId } from "@sgkit/graphql";
import { LOOKUP_CONCURRENCY } from "./resolve-repositories.js";

/** Usernames of users known by numeric id, for showing a plan; see {@link createUserLabeler}. */
export interface UserLabeler {
  /** The user's username once loaded (or given at the start), else undefined. */
  label(id: number): string | undefined;
  /** Looks up the users not known yet; the calls of one turn of the event loop share one batched query. */
  load(ids: Iterable<number>): Promise<void>;
}

/**
 * Names for the users a plan deletes, who may appear nowhere in the inputs. Lookups asked for by repositories
 * planned at about the same time are sent as one batched GraphQL query, so a plan makes one lookup per batch of
 * repositories rather than one per repository; `known` (the inputs' own bindIDs) are never looked up.
 */
export function createUserLabeler(
  client: GraphQLClient,
  known: ReadonlyMap<number, string>,
  options: { signal?: AbortSignal } = {},
): UserLabeler {
  const labels = new Map(known);
  let queued = new Set<number>();
  let batch: Promise<void> | undefined;
  const send = async (): Promise<void> => {
    const ids = queued;
    queued = new Set();
    batch = undefined;
    const nodeIds = new Map([...ids].map((id) => [encodeNodeId("User", id), id]));
    const found = await usersByNodeId(client, nodeIds.keys(), {
      ...options,
      concurrency: LOOKUP_CONCURRENCY,
    });
    for (const [nodeId, id] of nodeIds) {
      const user = found.get(nodeId);
      if (user) labels.set(id, user.username);
    }
  };
  return {
    label: (id) => labels.get(id),
    load(ids) {
      let added = false;
      for (const id of ids) {
        if (labels.has(id) || queued.has(id)) continue;
        queued.add(id);
        added = true;
      }
      if (!added && queued.size === 0) return Promise.resolve();
      batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(send);
      return batch;
    },
  };
}
