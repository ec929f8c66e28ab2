import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { UserDocument } from "../gen/operations/graphql.js";
import type { User } from "./current-user.js";

/**
 * A user by username or by email (looking up by email needs a site admin), or null when there is none.
 *
 * @throws {InvalidArgumentError} unless exactly one of `username` and `email` is given (non-blank).
 */
export async function findUser(
  client: GraphQLClient,
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
