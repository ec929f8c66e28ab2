import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { RepositoryAuthorizedUsersDocument, type UserFieldsFragment } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import { checkPageSize, paginate } from "../pagination/paginate.js";

/** Options of {@link repositoryAuthorizedUsers}. */
export interface RepositoryAuthorizedUsersOptions {
  /** Users per request, 1 to 1000. Default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * The users that can access `repository` (a node ID; site admins only), as an async iterable that fetches the
 * next page when the previous one is consumed.
 *
 * @throws {NotFoundError} (when iterating) when no repository has that ID or the viewer cannot see it.
 * @throws {InvalidArgumentError} (when iterating) when the ID is another kind of node.
 */
export function repositoryAuthorizedUsers(
  client: GraphQLClient,
  repository: string,
  options: RepositoryAuthorizedUsersOptions = {},
): AsyncIterable<UserFieldsFragment> {
  requireNodeId(repository, "repository", "Repository");
  const first = checkPageSize(options.pageSize ?? 100, 1000);
  const requestOptions = options.signal ? { signal: options.signal } : {};
  return paginate(`authorizedUsers of ${repository}`, async (after) => {
    const { node } = await client.request(
      RepositoryAuthorizedUsersDocument,
      { repository, first, after },
      requestOptions,
    );
    if (node === null)
      throw new NotFoundError(`No repository has the ID ${repository}, or you cannot see it.`);
    if (node.__typename !== "Repository") {
      throw new InvalidArgumentError(
        `${repository} is the ID of a ${node.__typename}, not of a Repository.`,
        {
          argument: "repository",
        },
      );
    }
    return node.authorizedUsers;
  });
}
