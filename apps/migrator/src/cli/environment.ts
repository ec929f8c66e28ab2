import type { DebugEvent } from "@sgkit/core";
import { loadNodeConfig, tokenFromFile } from "@sgkit/core/node";
import { createGraphQLClient, type GraphQLClient } from "@sgkit/graphql";
import { createPermissionsClient, type PermissionsClient } from "@sgkit/permissions";
import type { JournalInternals } from "../apply/journal-file.js";
import { MigratorError } from "../migrator-error.js";
import { VERSION } from "../version.js";

// What a command runs with: where it writes, its environment, and the clients of the instance.

/** Where a command writes and what it reads from its environment. */
export interface CliIo {
  /** Results: the diff, reports, `--json` documents. */
  readonly stdout: { write(text: string): unknown };
  /** Messages and progress. `isTTY` and `columns` decide whether progress is a live bar. */
  readonly stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Asks the command to stop (the first Ctrl-C): apply starts no new call, lets the calls in flight finish,
   * reports and says how to resume; the other commands, which write nothing to the instance, stop at once.
   */
  readonly stop?: AbortSignal;
  /** Aborts the command at once, calls in flight included (the second Ctrl-C). */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Test seams, outside semver. */
  readonly internal?: { readonly journal?: JournalInternals };
}

/**
 * Per attempt, for both clients. The permissions client has none by default, but a migration must not wait
 * minutes on a hung server before it retries.
 */
const ATTEMPT_TIMEOUT_MS = 30_000;

/** The clients of one run, and the requests they made. */
export interface Clients {
  readonly endpoint: string;
  readonly graphql: GraphQLClient;
  readonly permissions: PermissionsClient;
  /** HTTP requests per API method so far, retries included (`ListExplicitRepoPermissions`, `graphql`). */
  calls(): Record<string, number>;
}

/**
 * The GraphQL and HTTP API clients for the instance of `SRC_ENDPOINT` / `--endpoint`, authenticated with
 * `--token-file` or `SRC_ACCESS_TOKEN`, with the `SRC_HEADER_*` headers and `SRC_PROXY`, as src-cli users have
 * them. Then checks the token: it must be valid and a site admin's (migrating an instance's ACLs is an admin job,
 * and looking users up by email needs one), with a message that says what is wrong.
 */
export async function createClients(options: {
  endpoint: string | undefined;
  tokenFile: string | undefined;
  /** `--allow-insecure-http`: send the token over plain HTTP even where it crosses the network in clear. */
  allowInsecureHttp?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}): Promise<Clients> {
  const token = options.tokenFile === undefined ? undefined : await tokenFromFile(options.tokenFile);
  const config = loadNodeConfig({
    env: options.env,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(token === undefined ? {} : { token }),
  });
  if (config.credentials === undefined) {
    throw new MigratorError(
      "No access token: set SRC_ACCESS_TOKEN or pass --token-file (a site admin's token with the externalapi:read and externalapi:write scopes).",
    );
  }
  const counts = new Map<string, number>();
  const onDebug = (event: DebugEvent): void => {
    if (event.type !== "request") return;
    const method = event.url.includes("/.api/graphql")
      ? "graphql"
      : (event.url.split("/").pop() ?? "unknown");
    counts.set(method, (counts.get(method) ?? 0) + 1);
  };
  const common = {
    endpoint: config.endpoint,
    credentials: config.credentials,
    headers: config.headers,
    fetch: config.fetch,
    userAgent: `sgkit-migrate/${VERSION}`,
    timeoutMs: ATTEMPT_TIMEOUT_MS,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    onDebug,
  };
  const clients: Clients = {
    endpoint: config.endpoint,
    graphql: createGraphQLClient(common),
    permissions: createPermissionsClient(common),
    calls: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
  };
  const viewer = await clients.graphql.currentUser(options.signal ? { signal: options.signal } : {});
  if (viewer === null) {
    throw new MigratorError(
      `${config.endpoint} answered as if no token was sent: check the token and any auth proxy headers (SRC_HEADER_*).`,
    );
  }
  if (!viewer.siteAdmin) {
    throw new MigratorError(
      `The token belongs to ${viewer.username}, who is not a site admin of ${config.endpoint}: sgkit-migrate needs a site admin's token.`,
    );
  }
  return clients;
}
