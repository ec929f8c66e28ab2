import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import {
  AuthorizedUserRepositoriesDocument,
  type AuthorizedUserRepositoriesQuery,
  type RepositoryPermission,
} from "../gen/operations/graphql.js";
import { checkPageSize, paginate } from "../pagination/paginate.js";

/** A repository as the permission listings give it. */
export type AuthorizedRepository =
  AuthorizedUserRepositoriesQuery["authorizedUserRepositories"]["nodes"][number];

/** Whose repositories {@link authorizedUserRepositories} lists: give `username` or `email`. */
export interface AuthorizedUserRepositoriesOptions {
  username?: string;
  email?: string;
  /** The permission level. Default `READ` (the only one). */
  perm?: RepositoryPermission;
  /** Repositories per request, 1 to 100 (the server's maximum). Default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** The server's largest page of `authorizedUserRepositories`. */
const MAX_PAGE_SIZE = 100;

/**
 * The repositories a user can access (site admins only), by username or email, as an async iterable that asks
 * for the next page of 100 when the previous one is consumed. For a bindID that no user has yet, the server lists
 * the repositories of its pending permissions.
 *
 * @throws {InvalidArgumentError} at once, unless exactly one of `username` and `email` is given (non-blank).
 */
export function authorizedUserRepositories(
  client: GraphQLClient,
  options: AuthorizedUserRepositoriesOptions,
): AsyncIterable<AuthorizedRepository> {
  const { username, email } = options;
  const given = [username, email].filter((value) => value !== undefined);
  if (given.length !== 1 || given.some((value) => typeof value !== "string" || value.trim() === "")) {
    throw new InvalidArgumentError("Give exactly one of username and email, not blank.", {
      argument: username === undefined ? "email" : "username",
    });
  }
  const first = checkPageSize(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const requestOptions = options.signal ? { signal: options.signal } : {};
  return paginate("authorizedUserRepositories", async (after) => {
    const data = await client.request(
      AuthorizedUserRepositoriesDocument,
      {
        ...(username === undefined ? { email } : { username }),
        perm: options.perm ?? "READ",
        first,
        after,
      },
      requestOptions,
    );
    return data.authorizedUserRepositories;
  });
}
