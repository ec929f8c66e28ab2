import { createTokenCredentials } from "@sgkit/core";
import { normalizeToken } from "@sgkit/core/internal";
import { loadNodeConfig, tokenFromFile } from "@sgkit/core/node";
import { createGraphQLClient, type GraphQLClient } from "@sgkit/graphql";
import { createPermissionsClient, type PermissionsClient } from "@sgkit/permissions";
import type { JournalInternals } from "../apply/journal-file.js";
import { createRateLimiter } from "../apply/rate-limiter.js";
import { createCallSlots } from "../concurrency.js";
import { MigratorError } from "../migrator-error.js";
import { createResilience, keepMarks, type Resilience, type ResilienceInternals } from "../resilience.js";
import { VERSION } from "../version.js";
import { preflight, type TokenSetup } from "./preflight.js";

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
  readonly internal?: {
    readonly journal?: JournalInternals;
    /** Shorter backoffs and timeouts for tests of faults and outages. */
    readonly resilience?: ResilienceInternals;
  };
}

/** The clients of one run, and the requests they made. */
export interface Clients {
  readonly endpoint: string;
  readonly graphql: GraphQLClient;
  readonly permissions: PermissionsClient;
  /** HTTP requests per API method so far, retries included (`ListExplicitRepoPermissions`, `graphql`). */
  calls(): Record<string, number>;
  /**
   * The run's call slots and retries: every request of both clients goes through them (one slot per attempt,
   * transient failures retried, outages waited out up to --max-outage).
   */
  readonly resilience: Resilience;
  /**
   * The preflight (see {@link preflight}), made once: the first call to the instance. A command calls it once its
   * input files are read and checked, so that bad input never waits on a server.
   */
  ready(): Promise<void>;
  /**
   * The way to the instance without the clients' credentials: SRC_PROXY's fetch and the auth proxy's SRC_HEADER_*
   * headers, for requests that carry a caller's own (the bridge's caller checks and forwarded requests).
   */
  readonly network: { readonly fetch: typeof fetch; readonly headers: Readonly<Record<string, string>> };
}

/** How a run's calls go: `--concurrency`, `--fixed-concurrency`, `--max-rps`, `--max-outage`. */
export interface CallSettings {
  readonly concurrency: number;
  readonly fixedConcurrency: boolean;
  readonly maxRps?: number | undefined;
  readonly maxOutageMs: number;
}

/** The variable of the GraphQL API's own token, in src-cli's style (`SRC_ACCESS_TOKEN` is the `/api/` one). */
export const GRAPHQL_TOKEN_VARIABLE = "SRC_GRAPHQL_ACCESS_TOKEN";

/**
 * The GraphQL and HTTP API clients for the instance of `SRC_ENDPOINT` / `--endpoint`, with the `SRC_HEADER_*`
 * headers and `SRC_PROXY`, as src-cli users have them, each with its own credentials:
 *
 * - the `/api/` HTTP API: `--token-file` or `SRC_ACCESS_TOKEN` (a scoped `externalapi:read`/`write` token, or
 *   `user:all`);
 * - GraphQL: `--graphql-token-file` or `SRC_GRAPHQL_ACCESS_TOKEN` (a `user:all` token, which GraphQL needs), and
 *   without either the `/api/` token (then a `user:all` one).
 *
 * Every token is registered for redaction as it is read. Nothing is sent yet: `ready()` runs the {@link preflight}
 * (both tokens are checked before anything else is read, with a message that says which token lacks what, and the
 * GraphQL viewer must be a site admin, as migrating an instance's ACLs is an admin job and looking users up by
 * email needs one), once the command has read and checked its input files.
 */
export async function createClients(options: {
  endpoint: string | undefined;
  tokenFile: string | undefined;
  /** `--graphql-token-file`: the GraphQL API's own token. */
  graphqlTokenFile?: string | undefined;
  /** `--allow-insecure-http`: send the token over plain HTTP even where it crosses the network in clear. */
  allowInsecureHttp?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** How the calls go (one set of call slots and retries for the whole run). */
  calls: CallSettings;
  signal?: AbortSignal;
  internal?: { readonly resilience?: ResilienceInternals };
}): Promise<Clients> {
  const token = options.tokenFile === undefined ? undefined : await tokenFromFile(options.tokenFile);
  const graphqlToken =
    options.graphqlTokenFile !== undefined
      ? await tokenFromFile(options.graphqlTokenFile)
      : options.env[GRAPHQL_TOKEN_VARIABLE] === undefined
        ? undefined
        : normalizeToken(options.env[GRAPHQL_TOKEN_VARIABLE], GRAPHQL_TOKEN_VARIABLE);
  const graphqlSetting =
    options.graphqlTokenFile !== undefined
      ? `--graphql-token-file ${options.graphqlTokenFile}`
      : GRAPHQL_TOKEN_VARIABLE;
  const config = loadNodeConfig({
    env: options.env,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(token === undefined ? {} : { token }),
  });
  if (config.credentials === undefined) {
    throw new MigratorError(
      graphqlToken === undefined
        ? "No access token: set SRC_ACCESS_TOKEN or pass --token-file (a site admin's token: with the user:all scope for both APIs, or with the externalapi:read and externalapi:write scopes plus a user:all one in SRC_GRAPHQL_ACCESS_TOKEN for GraphQL)."
        : `${graphqlSetting} gives the GraphQL API's token, but there is none for the /api/ HTTP API: set SRC_ACCESS_TOKEN or pass --token-file (a token with the externalapi:read and externalapi:write scopes).`,
    );
  }
  if (graphqlToken !== undefined && config.headers.authorization !== undefined) {
    throw new MigratorError(
      `An Authorization header (SRC_HEADER_* / SRC_HEADERS) and ${graphqlSetting} both authenticate GraphQL: use one or the other.`,
    );
  }
  const apiSetting =
    options.tokenFile === undefined ? "SRC_ACCESS_TOKEN" : `--token-file ${options.tokenFile}`;
  const setup: TokenSetup =
    graphqlToken === undefined
      ? { single: true, apiSetting, graphqlSetting: apiSetting }
      : { single: false, apiSetting, graphqlSetting };
  const counts = new Map<string, number>();
  const limiter = createRateLimiter(options.calls.maxRps);
  // One set of slots for the whole run: plan's reads and apply's writes share them (apply --yes does both).
  const slots = createCallSlots({
    ceiling: options.calls.concurrency,
    adaptive: !options.calls.fixedConcurrency,
    // No signal: a stop is seen once the slot's call starts (it then sends nothing), at most a token's wait later.
    ...(options.calls.maxRps === undefined ? {} : { before: () => limiter.acquire() }),
  });
  const resilience = createResilience({
    slots,
    maxOutageMs: options.calls.maxOutageMs,
    ...(options.internal?.resilience ? { internal: options.internal.resilience } : {}),
  });
  const underlying = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  /** Every attempt, counted by API method. */
  const counted: typeof fetch = keepMarks(underlying, (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = url.includes("/.api/graphql") ? "graphql" : (url.split("/").pop() ?? "unknown");
    counts.set(method, (counts.get(method) ?? 0) + 1);
    return underlying(input, init);
  });
  const common = {
    endpoint: config.endpoint,
    headers: config.headers,
    // Attempts, their timeout and their retries are the resilience's, so that a call never fails on a spent
    // retry budget and the call slots see every attempt.
    fetch: resilience.wrap(counted),
    retry: false as const,
    timeoutMs: 0,
    userAgent: `sgkit-migrate/${VERSION}`,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
  };
  let ready: Promise<void> | undefined;
  const clients: Clients = {
    endpoint: config.endpoint,
    resilience,
    network: { fetch: underlying, headers: config.headers },
    ready: () => {
      ready ??= preflight(clients, setup, options.signal).then(() => {});
      return ready;
    },
    graphql: createGraphQLClient({
      ...common,
      credentials: graphqlToken === undefined ? config.credentials : createTokenCredentials(graphqlToken),
    }),
    permissions: createPermissionsClient({ ...common, credentials: config.credentials }),
    calls: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
  };
  return clients;
}
