import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Duplex, duplexPair } from "node:stream";
import { Service } from "@sgkit/contracts/permissions";
import {
  type CapacityLimiter,
  type CapacityOptions,
  type CapacityStats,
  createCapacityLimiter,
  validateCapacityOptions,
} from "../capacity.js";
import {
  createFaultInjector,
  type FaultInjector,
  type FaultOptions,
  validateFaultOptions,
} from "../faults.js";
import {
  createGraphQLHandler,
  type GraphQLOptions,
  queryCostLimits,
} from "../graphql-api/create-graphql-handler.js";
import { createPermissionsApiHandler } from "../permissions-api/create-permissions-api-handler.js";
import { createSearchHandler, SEARCH_KEY, type SearchOptions } from "../search-api/create-search-handler.js";
import { loadSeed } from "../seed/load-seed.js";
import { sampleSeed } from "../seed/sample-seed.js";
import type { EmulatorSeed } from "../seed/seed-types.js";
import type { BindIDMode } from "../state/accounts.js";
import type { CallCounters } from "../state/call-counters.js";
import type { EmulatorState } from "../state/emulator-state.js";
import type { PermissionWriteLog } from "../state/permission-write-log.js";
import { createInProcessFetch } from "./in-process-fetch.js";
import { createRouter } from "./router.js";

/**
 * The `url` of an emulator started with `listen: false`: a literal loopback address, so that clients send a token
 * to it over plain HTTP as they do to a listening emulator, on port 0, where nothing can listen, so that a
 * request that bypasses `emulator.fetch` is refused at once on this machine (`ECONNREFUSED`) and goes nowhere.
 */
const IN_PROCESS_URL = "http://127.0.0.1:0";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /**
   * Whether to listen on a port. Default true. With false nothing listens: `url` is `http://127.0.0.1:0` (a
   * loopback address nothing answers on) and requests are served only through `emulator.fetch`, so tests need no
   * free port and no socket.
   */
  readonly listen?: boolean;
  /** The port; 0 (the default) picks a free one. Ignored with `listen: false`. */
  readonly port?: number;
  /**
   * The interface to listen on. Default `127.0.0.1`: an emulator prints its tokens, keep it off the network.
   * Ignored with `listen: false`.
   */
  readonly host?: string;
  /** The instance. Default: the built-in sample instance (`sampleSeed()`). */
  readonly seed?: EmulatorSeed;
  /** Seeded fault injection. Default: none. */
  readonly faults?: FaultOptions;
  /** The capacity model. Default: off (every call served at once). */
  readonly capacity?: CapacityOptions;
  /**
   * The "Explicit Permissions API" license feature (the HTTP API and the GraphQL permission mutations need it);
   * overrides the seed's `license`. Default true.
   */
  readonly license?: boolean;
  /** How legacy bindIDs name users; overrides the seed's `bindID`. Default `"username"`. */
  readonly bindID?: BindIDMode;
  /** The GraphQL API's options: its query-cost limits (`aliasLimit`, `depthLimit`, `fieldCountLimit`, ...). */
  readonly graphql?: GraphQLOptions;
  /** The streaming search API's options (`batchSize`, `progressIntervalMs`, `cutAfterEvents`). */
  readonly search?: SearchOptions;
  /** The clock of the audit log and of every `updatedAt`. */
  readonly now?: () => Date;
}

/** A running emulator. */
export interface Emulator {
  /**
   * The instance URL, e.g. `http://127.0.0.1:41234`; the HTTP API is under `${url}/api`, GraphQL at
   * `${url}/.api/graphql`. `http://127.0.0.1:0` when started with `listen: false`: loopback, so clients send
   * their token to it over plain HTTP, and only `fetch` answers there (a plain `fetch` is refused at once).
   */
  readonly url: string;
  /**
   * A `fetch` served in-process by this emulator: the same router, handlers, state, authentication, faults,
   * capacity model and counters as over HTTP, without a socket. Pass it wherever a client takes a `fetch`.
   * Streamed answers (search) arrive event by event, and aborting the request's signal or cancelling the body
   * closes the connection as a client hanging up would. The URL's origin is not checked (any origin is this
   * emulator; it becomes the `Host` header), and a bare path such as `/.api/graphql` is resolved against `url`.
   * After `stop()` it rejects as a refused connection does (`TypeError: fetch failed`, cause `ECONNREFUSED`).
   */
  readonly fetch: typeof fetch;
  /**
   * Token values by name, e.g. `tokens.admin`. These are emulator tokens, valid only here. The sample instance
   * has `admin`, `readScopeOnly`, `writeScopeOnly`, `readOnly`, `readRbacOnly`, `noRbac`, `userAll` and `sudo`
   * (see `sampleSeed`).
   */
  readonly tokens: Readonly<Record<string, string>>;
  /** The token named `name`; throws when the seed has none, listing those it has. */
  token(name: string): string;
  /** The live state, shared by every API; tests may read and change it. */
  readonly state: EmulatorState;
  /**
   * Calls per method (`counters.get("CreateExplicitRepoPermission")`, `snapshot()`, `reset()`); GraphQL requests
   * count as `graphql:<operation name>`.
   */
  readonly counters: CallCounters;
  /**
   * The permission writes applied since the emulator started (the seed's grants are not among them): each pair
   * added or removed by the HTTP API, GraphQL or a pending permission coming due. `writes.added(repositoryId,
   * userId)` is how many times that pair was granted, so `<= 1` proves no retry applied a grant twice;
   * `removed(...)`, `entries()`, `reset()`. The same object as `state.writes`.
   */
  readonly writes: PermissionWriteLog;
  /** The faults injected so far (`faults.log`), or undefined without fault options. */
  readonly faults: FaultInjector | undefined;
  /** The capacity model's counts, or undefined when it is off. */
  capacityStats(): CapacityStats | undefined;
  /** Stops listening, drops open connections (in-process ones too) and pending waits. */
  stop(): Promise<void>;
}

/**
 * The method names of the HTTP API, `graphql:*` for GraphQL operations (`graphql:<operation name>`) and `search`
 * for streaming search, as used
 * in counters and in `faults.perMethod`.
 */
const METHODS = [...Service.methods.map((method) => method.name), "graphql:*", SEARCH_KEY];

/**
 * Starts an emulated Sourcegraph instance on loopback HTTP (or, with `listen: false`, only in-process through
 * `emulator.fetch`), serving the explicit repository permissions API
 * (`/api/explicitrepopermissions.v1.Service/<Method>`), the legacy GraphQL API (`POST /.api/graphql`) and
 * streaming search (`GET /.api/search/stream`) over one state built from the given seed, or the built-in sample
 * instance.
 *
 * @throws SeedError for an invalid seed, RangeError for invalid fault, capacity, GraphQL or search options.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (options.faults) validateFaultOptions(options.faults, METHODS);
  if (options.capacity) validateCapacityOptions(options.capacity);
  queryCostLimits(options.graphql);
  for (const [name, minimum] of [
    ["batchSize", 1],
    ["progressIntervalMs", 1],
    ["cutAfterEvents", 0],
  ] as const) {
    const value = options.search?.[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= minimum)) {
      throw new RangeError(`search.${name}: must be an integer >= ${minimum}, got ${String(value)}`);
    }
  }
  const state = loadSeed(options.seed ?? sampleSeed(), {
    license: options.license,
    bindID: options.bindID,
    now: options.now,
  });
  // Seeding is not a write of the running instance.
  state.writes.reset();
  const faults = options.faults ? createFaultInjector(options.faults) : undefined;
  const capacity: CapacityLimiter | undefined = options.capacity
    ? createCapacityLimiter(options.capacity)
    : undefined;
  const stopping = new AbortController();

  const server = createServer(
    createRouter([
      {
        path: "/api/",
        prefix: true,
        handler: createPermissionsApiHandler({ state, faults, capacity, signal: stopping.signal }),
      },
      {
        path: "/.api/graphql",
        handler: createGraphQLHandler({
          ...options.graphql,
          state,
          faults,
          capacity,
          signal: stopping.signal,
        }),
      },
      {
        path: "/.api/search/stream",
        handler: createSearchHandler({ ...options.search, state, faults, capacity, signal: stopping.signal }),
      },
    ]),
  );
  let url = IN_PROCESS_URL;
  if (options.listen ?? true) {
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }
  // The server ends of emulator.fetch's connections: closeAllConnections() knows only sockets it accepted.
  const inProcess = new Set<Duplex>();
  const connect = (): Duplex => {
    if (stopping.signal.aborted) {
      throw Object.assign(new Error("connect ECONNREFUSED: the emulator has stopped"), {
        code: "ECONNREFUSED",
      });
    }
    const [client, serverEnd] = duplexPair();
    // When one side is destroyed, Node 24's duplexPair ends the other (or destroys it, after an error); Node 22's
    // leaves it open, so a cancelled request, a reset fault or a stop would leave the other side waiting forever.
    // Do the same here (on Node 24 it has been done already: a second end does nothing).
    for (const [end, peer] of [
      [client, serverEnd],
      [serverEnd, client],
    ] as const) {
      end.once("close", () => {
        if (peer.destroyed) return;
        if (end.errored) peer.destroy();
        else peer.push(null);
      });
    }
    inProcess.add(serverEnd);
    serverEnd.once("close", () => inProcess.delete(serverEnd));
    server.emit("connection", serverEnd);
    return client;
  };
  const tokens = Object.freeze(
    Object.fromEntries(state.tokens.all().map((token) => [token.name, token.value])),
  );

  return {
    url,
    fetch: createInProcessFetch({ connect, baseUrl: url }),
    tokens,
    token(name) {
      const value = tokens[name];
      if (value === undefined) {
        throw new Error(
          `the emulator has no token named ${JSON.stringify(name)} (it has: ${Object.keys(tokens).join(", ") || "none"})`,
        );
      }
      return value;
    },
    state,
    counters: state.counters,
    writes: state.writes,
    faults,
    capacityStats: () => capacity?.stats(),
    stop() {
      stopping.abort();
      capacity?.close();
      for (const connection of inProcess) connection.destroy();
      return new Promise<void>((resolve) => {
        // Without `listen`, close() answers ERR_SERVER_NOT_RUNNING: there is nothing more to close.
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
