// Users: the current user, one user by username or email, and the batched lookups by bindID and by node ID.

import { type AliasedLookup, aliasedBatch, type BatchLookupOptions, nodeLookup } from "./batching.js";
import type { GraphQLRequester } from "./client.js";
import { InvalidArgumentError } from "./errors.js";
import { CurrentUserDocument, UserDocument, type UserFieldsFragment } from "./gen/operations/graphql.js";
import { databaseIdOf } from "./node-ids.js";

/** A user as sgkit reads it. */
export type User = UserFieldsFragment;

/**
 * The user the client's credentials act as (with sudo credentials, the sudo user), or null for an anonymous
 * client. A quick way to check a token.
 */
export async function currentUser(
  client: GraphQLRequester,
  options: { signal?: AbortSignal } = {},
): Promise<User | null> {
  const data = await client.request(CurrentUserDocument, {}, options);
  return data.currentUser;
}

/**
 * A user by username or by email (looking up by email needs a site admin), or null when there is none.
 *
 * @throws {InvalidArgumentError} unless exactly one of `username` and `email` is given (non-blank).
 */
export async function findUser(
  client: GraphQLRequester,
  by: { username: string; email?: undefined } | { email: string; username?: undefined },
  options: { signal?: AbortSignal } = {},
): Promise<User | null> {
  const given = [by.username, by.email].filter((value) => value !== undefined);
  if (given.length !== 1 || given.some((value) => typeof value !== "string" || value.trim() === "")) {
    throw new InvalidArgumentError("Give exactly one of username and email, not blank.", {
      argument: by.username === undefined ? "email" : "username",
    });
  }
  const data = await client.request(
    UserDocument,
    by.username === undefined ? { email: by.email } : { username: by.username },
    options,
  );
  return data.user;
}

/** A user as the batched lookups give it. */
export interface UserNode {
  /** The opaque node ID (`VXNlcjo0NTY=`), what GraphQL arguments take. */
  id: string;
  /** The numeric id the node ID holds (`456`), what the HTTP API names as `users/456`. */
  databaseId: number;
  username: string;
  /** The primary email, when the user has one and the viewer may see it (the user or a site admin). */
  primaryEmail?: string;
}

/** The fields of a user the lookups select, and what {@link userNode} reads. */
const USER_NODE_SELECTION: readonly string[] = ["id", "username", "primaryEmail {", "  email", "}"];

/** The answer to {@link USER_NODE_SELECTION}. */
interface UserNodeAnswer {
  id: string;
  username: string;
  primaryEmail: { email: string } | null;
}

/** A {@link UserNode} from the fields of {@link USER_NODE_SELECTION}. */
function userNode(answer: UserNodeAnswer): UserNode {
  const user: UserNode = {
    id: answer.id,
    databaseId: databaseIdOf(answer.id, "User"),
    username: answer.username,
  };
  if (answer.primaryEmail) user.primaryEmail = answer.primaryEmail.email;
  return user;
}

/** Options of {@link usersByBindId}. */
export interface UsersByBindIdOptions extends BatchLookupOptions {
  /** What the bindIDs are: usernames, or emails (looking users up by email needs a site admin). */
  by: "username" | "email";
}

function lookupBy(by: "username" | "email"): AliasedLookup<UserNodeAnswer, UserNode> {
  return {
    operationName: by === "email" ? "UsersByEmail" : "UsersByUsername",
    argument: "bindIds",
    alias: "u",
    variableType: "String!",
    field: (variable) => `user(${by}: ${variable})`,
    selection: USER_NODE_SELECTION,
    check(bindId, argument) {
      if (typeof bindId !== "string" || bindId.trim() === "") {
        throw new InvalidArgumentError(
          `${argument} must be a non-empty ${by}, not ${JSON.stringify(bindId)}.`,
          {
            argument,
          },
        );
      }
    },
    read: userNode,
  };
}

/**
 * Many users by username or by email (the legacy bindIDs), with one aliased query per `chunkSize` bindIDs
 * (`u0: user(username: $n0) { id username primaryEmail { email } }`, …), the chunks one after another. Repeated
 * bindIDs are sent once. Emails are matched as given: Sourcegraph's emails are case-sensitive, so nothing is
 * lowercased, and `Alice@example.com` and `alice@example.com` are two lookups.
 *
 * @returns A map from each bindID to its user, or `null` when no user has it.
 * @throws {InvalidArgumentError} before sending, for a blank bindID (naming its index: `bindIds[3]`).
 * @throws {RangeError} for a `chunkSize` outside 1 to 500.
 * @throws {GraphQLResponseError} when a lookup fails (by email without being a site admin: the message
 *   `must be site admin` at the alias's path, with no `extensions.code`), with the chunk's resolved answers in
 *   `data`; `QueryComplexityError` when a chunk is too large for the instance.
 */
export async function usersByBindId(
  client: GraphQLRequester,
  bindIds: Iterable<string>,
  options: UsersByBindIdOptions,
): Promise<Map<string, UserNode | null>> {
  const { by } = options;
  if (by !== "username" && by !== "email") {
    throw new InvalidArgumentError(`by must be "username" or "email", not ${JSON.stringify(by)}.`, {
      argument: "by",
    });
  }
  return aliasedBatch(client, bindIds, lookupBy(by), options);
}

const USERS_BY_NODE_ID = nodeLookup<UserNodeAnswer, UserNode>({
  operationName: "UsersByNodeId",
  alias: "u",
  typename: "User",
  fields: USER_NODE_SELECTION,
  read: userNode,
});

/**
 * Many users by node ID, with one aliased query per `chunkSize` IDs
 * (`u0: node(id: $n0) { ... on User { id username primaryEmail { email } } }`, …), the chunks one after another.
 * Repeated IDs are sent once. `primaryEmail` is there when the viewer may see it (the user, or a site admin).
 *
 * @returns A map from each ID to its user, or `null` when no user has it.
 * @throws {InvalidNodeIdError} before sending, for an ID that does not decode or is not a user's, naming the ID
 *   and its index (`ids[3]`).
 * @throws {RangeError} for a `chunkSize` outside 1 to 500.
 * @throws {GraphQLResponseError} when a lookup fails, with the chunk's resolved answers in `data`.
 */
export async function usersByNodeId(
  client: GraphQLRequester,
  ids: Iterable<string>,
  options: BatchLookupOptions = {},
): Promise<Map<string, UserNode | null>> {
  return aliasedBatch(client, ids, USERS_BY_NODE_ID, options);
}
