import { type GraphQLClient, usersByBindId } from "@sgkit/graphql";
import type { BindIdMode } from "../plan/plan-types.js";
import { LOOKUP_CONCURRENCY } from "./resolve-repositories.js";

/**
 * The numeric id of every bindID, by the instance's mode (usernames, or emails, compared case-sensitively), with
 * batched GraphQL queries; null for a bindID no user has yet (the legacy API kept those as pending permissions).
 */
export async function resolveUsers(
  client: GraphQLClient,
  bindIds: Iterable<string>,
  mode: BindIdMode,
  options: { signal?: AbortSignal } = {},
): Promise<Map<string, number | null>> {
  const found = await usersByBindId(client, bindIds, {
    by: mode,
    ...options,
    concurrency: LOOKUP_CONCURRENCY,
  });
  const ids = new Map<string, number | null>();
  for (const [bindId, user] of found) ids.set(bindId, user?.databaseId ?? null);
  return ids;
}
