import { AuthenticationError, PermissionDeniedError, SourcegraphError } from "@sgkit/core";
import type { GraphQLClient } from "@sgkit/graphql";
import { NotFoundError, type PermissionsClient } from "@sgkit/permissions";
import { MigratorError } from "../migrator-error.js";

// The check of the token(s) before a command reads its inputs' repositories or writes anything. The migrator uses
// two APIs with different scopes: GraphQL (names, users) needs `user:all`; the `/api/` HTTP API (ACLs) takes
// `externalapi:read` / `externalapi:write` (or `user:all`, audit-logged on every use) and the RBAC permissions
// `REPO_PERMISSIONS#READ` / `#WRITE`. A scoped token alone therefore fails on GraphQL with a bare 401
// (`Invalid access token.`, the same answer as a bad token), so the preflight asks both APIs and says which token
// lacks what.

/** Which token each API gets, and the settings the user gave them by, for messages. */
export interface TokenSetup {
  /** One token for both APIs (no `SRC_GRAPHQL_ACCESS_TOKEN` / `--graphql-token-file`). */
  readonly single: boolean;
  /** Where the `/api/` token came from: `SRC_ACCESS_TOKEN` or `--token-file <file>`. */
  readonly apiSetting: string;
  /** Where the GraphQL token came from: `SRC_GRAPHQL_ACCESS_TOKEN`, `--graphql-token-file <file>`, or as `apiSetting`. */
  readonly graphqlSetting: string;
}

/**
 * The permission the HTTP API probe reads: repository and user ids at the top of Postgres' `integer` range, which
 * no instance reaches, so the answer is `not_found` once the token passed the scope (`externalapi:read`) and RBAC
 * (`REPO_PERMISSIONS#READ`) checks, which come first. One Get, whatever the inputs: no repository needs resolving.
 */
export const PROBE_PERMISSION = "repositories/2147483647/explicitRepoPermissions/2147483647";

/** What the preflight found: the GraphQL viewer (null when the instance saw no token). */
export interface PreflightResult {
  readonly viewer: Awaited<ReturnType<GraphQLClient["currentUser"]>>;
}

/**
 * Checks both tokens with two calls, made at once: GraphQL's `currentUser` (the viewer, who must be a site admin)
 * and a Get of {@link PROBE_PERMISSION} on the HTTP API. Write access (`externalapi:write`, `REPO_PERMISSIONS#WRITE`)
 * cannot be checked without writing: apply's first write proves it, and a refusal there stops the run before any
 * delete.
 *
 * @throws {MigratorError} naming which token each refusing API turned down and what it needs.
 * @throws the API's own error for anything else (unreachable instance, no license, …).
 */
export async function preflight(
  clients: {
    readonly endpoint: string;
    readonly graphql: GraphQLClient;
    readonly permissions: PermissionsClient;
  },
  setup: TokenSetup,
  signal?: AbortSignal,
): Promise<PreflightResult> {
  const options = signal ? { signal } : {};
  const [graphql, api] = await Promise.all([
    settle(clients.graphql.currentUser(options)),
    settle(clients.permissions.get(PROBE_PERMISSION, options)),
  ]);
  const graphqlRefused = "error" in graphql && graphql.error instanceof AuthenticationError;
  const apiRefusal =
    "error" in api && (api.error instanceof AuthenticationError || api.error instanceof PermissionDeniedError)
      ? api.error
      : undefined;
  const viewer = "value" in graphql ? graphql.value : undefined;
  const notAdmin = viewer?.siteAdmin === false ? viewer.username : undefined;
  if (graphqlRefused || apiRefusal !== undefined) {
    throw new MigratorError(
      refusalMessage(setup, { graphqlRefused, apiRefusal, notAdmin }, clients.endpoint),
    );
  }
  if ("error" in graphql) throw graphql.error;
  if (viewer === null) {
    throw new MigratorError(
      `${clients.endpoint} answered as if no token was sent: check the token and any auth proxy headers (SRC_HEADER_*).`,
    );
  }
  if (notAdmin !== undefined) {
    throw new MigratorError(
      refusalMessage(setup, { graphqlRefused, apiRefusal, notAdmin }, clients.endpoint),
    );
  }
  if ("error" in api && !passedChecks(api.error)) throw api.error;
  return { viewer: graphql.value };
}

/**
 * What each API said of its token: GraphQL refused it (401), the HTTP API refused it (401 or 403), and the
 * username of GraphQL's viewer when that user is not a site admin.
 */
export interface Refusals {
  readonly graphqlRefused: boolean;
  readonly apiRefusal: AuthenticationError | PermissionDeniedError | undefined;
  readonly notAdmin?: string | undefined;
}

const GRAPHQL_NEEDS = "GraphQL needs a token with the user:all scope";
const API_NEEDS =
  "sgkit-migrate reads ACLs with the externalapi:read scope and the REPO_PERMISSIONS#READ permission, and apply writes with externalapi:write and REPO_PERMISSIONS#WRITE (a user:all token also works there, each use audit-logged)";
const TWO_TOKENS =
  "use one user:all token for both APIs (its every use of /api/ is audit-logged), or keep this one for /api/ and set SRC_GRAPHQL_ACCESS_TOKEN (or --graphql-token-file) to a user:all token for GraphQL";

/**
 * The message of a refused preflight: which token, refused by which API, and what that API needs; and whether
 * the GraphQL token's user is not a site admin of `endpoint`.
 */
export function refusalMessage(setup: TokenSetup, refusals: Refusals, endpoint: string): string {
  const message = refusedTokens(setup, refusals);
  if (refusals.notAdmin === undefined) return message;
  const whose = setup.single ? "The token" : `The GraphQL token (${setup.graphqlSetting})`;
  const notAdmin = `${whose} belongs to ${refusals.notAdmin}, who is not a site admin of ${endpoint}: sgkit-migrate needs a site admin's token.`;
  return message === "" ? notAdmin : `${notAdmin} ${message}`;
}

function refusedTokens(setup: TokenSetup, refusals: Refusals): string {
  const { graphqlRefused, apiRefusal } = refusals;
  if (!graphqlRefused && apiRefusal === undefined) return "";
  if (setup.single) {
    const token = `The token (${setup.apiSetting})`;
    if (graphqlRefused && apiRefusal instanceof AuthenticationError) {
      return `${token} was refused by both /.api/graphql and the /api/ HTTP API: check that it is valid, not expired or revoked, and for this instance.`;
    }
    if (graphqlRefused && apiRefusal === undefined) {
      return `${token} works on the /api/ HTTP API but was refused by /.api/graphql: ${GRAPHQL_NEEDS}, and a token with only externalapi:read/write is refused there. Either ${TWO_TOKENS}.`;
    }
    const parts: string[] = [];
    if (graphqlRefused) parts.push(`${token} was refused by /.api/graphql: ${GRAPHQL_NEEDS}.`);
    if (apiRefusal) parts.push(`${graphqlRefused ? "It" : token} ${apiRefused(apiRefusal)}`);
    return parts.join(" ");
  }
  const parts: string[] = [];
  if (graphqlRefused) {
    parts.push(
      `The GraphQL token (${setup.graphqlSetting}) was refused by /.api/graphql: ${GRAPHQL_NEEDS}; the /api/ token may keep externalapi:read/write only. Check also that it is valid, not expired, and for this instance.`,
    );
  }
  if (apiRefusal) parts.push(`The /api/ token (${setup.apiSetting}) ${apiRefused(apiRefusal)}`);
  return parts.join(" ");
}

function apiRefused(error: AuthenticationError | PermissionDeniedError): string {
  if (error instanceof AuthenticationError) {
    return "was refused by the /api/ HTTP API (unauthenticated): check that it is valid, not expired or revoked, and for this instance.";
  }
  return `was refused by the /api/ HTTP API (${withoutFullStop(error.message)}). ${API_NEEDS}.`;
}

function withoutFullStop(message: string): string {
  return message.endsWith(".") ? message.slice(0, -1) : message;
}

/**
 * Whether the probe's failure still shows that the token passed the scope and RBAC checks: `not_found` (the
 * expected answer), or `invalid_argument` from a server that validates ids more strictly than the documentation
 * says. Both come after authorization. Anything else (no license, unavailable, …) is the command's error.
 */
function passedChecks(error: unknown): boolean {
  return (
    error instanceof NotFoundError ||
    (SourcegraphError.isInstance(error) && error.code === "invalid_argument")
  );
}

async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}
