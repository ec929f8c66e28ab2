import { type Connection, type ConnectionOptions, createConnection } from "@sgkit/core";
import { createGraphQLClient, type GraphQLClient } from "@sgkit/graphql";
import { createPermissionsClient, type PermissionsClient } from "@sgkit/permissions";
import { createSearchClient, type SearchClient } from "@sgkit/search";

/** One Sourcegraph instance and a client of each of its APIs, all on one connection. */
export interface Sourcegraph {
  /** The connection every client below shares: the instance, the credentials, one retry budget. */
  readonly connection: Connection;
  /**
   * The explicit repository permissions API (`/api/explicitrepopermissions.v1.Service`). Made on first use:
   * it needs a token (or credentials), which GraphQL and search do not.
   *
   * @throws {ConfigurationError} on first use, when the connection has no credentials.
   */
  readonly permissions: PermissionsClient;
  /** The legacy GraphQL API (`/.api/graphql`): `request`, and the typed functions of `@sgkit/graphql`. */
  readonly graphql: GraphQLClient;
  /** Streaming search (`/.api/search/stream`). */
  readonly search: SearchClient;
}

/**
 * One configured client of a Sourcegraph instance, in the manner of Octokit's `new Octokit()`: give it the
 * `ConnectionOptions` every sgkit client takes (or a `Connection`), and use `permissions`, `graphql` and
 * `search`. They share one fetch configuration and one retry budget, so a failing server sees a trickle of
 * retries from the whole application rather than one budget's worth from each client.
 *
 * @throws {ConfigurationError} for a bad endpoint, both `token` and `credentials`, an `Authorization` header
 *   with credentials, or bad retry or timeout options, before anything is sent.
 */
export function createSourcegraph(options: ConnectionOptions | Connection): Sourcegraph {
  const connection = createConnection(options);
  let permissions: PermissionsClient | undefined;
  let graphql: GraphQLClient | undefined;
  let search: SearchClient | undefined;
  return Object.freeze({
    connection,
    get permissions() {
      permissions ??= createPermissionsClient(connection);
      return permissions;
    },
    get graphql() {
      graphql ??= createGraphQLClient(connection);
      return graphql;
    },
    get search() {
      search ??= createSearchClient(connection);
      return search;
    },
  });
}
