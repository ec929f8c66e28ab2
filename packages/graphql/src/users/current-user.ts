import type { GraphQLClient } from "../client/graphql-client.js";
import { CurrentUserDocument, type UserFieldsFragment } from "../gen/operations/graphql.js";

/** A user as sgkit reads it. */
export type User = UserFieldsFragment;

/**
 * The user the client's credentials act as (with sudo credentials, the sudo user), or null for an anonymous
 * client. A quick way to check a token.
 */
export async function currentUser(
  client: GraphQLClient,
  options: { signal?: AbortSignal } = {},
): Promise<User | null> {
  const data = await client.request(CurrentUserDocument, {}, options);
  return data.currentUser;
}
