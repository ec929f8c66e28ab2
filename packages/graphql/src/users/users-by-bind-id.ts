import { aliasedBatch } from "../batching/aliased-batch.js";
import type { AliasedLookup, BatchLookupOptions } from "../batching/aliased-lookup.js";
import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { USER_NODE_SELECTION, type UserNode, type UserNodeAnswer, userNode } from "./user-node.js";

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
 * @throws {GraphQLResponseError} when a lookup fails (by email without being a site admin:
 *   `ErrMustBeSiteAdmin`), with the chunk's resolved answers in `data`; `QueryComplexityError` when a chunk is too
 *   large for the instance.
 */
export async function usersByBindId(
  client: GraphQLClient,
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
