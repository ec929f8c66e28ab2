import type { DescMessage, DescMethodUnary, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { createContextValues, type Interceptor, type Transport } from "@connectrpc/connect";
import {
  ConfigurationError,
  type Credentials,
  createRetryRunner,
  createSourcegraphFetch,
  createTokenCredentials,
  type DebugHook,
  normalizeEndpoint,
  type RetryOptions,
  SourcegraphError,
} from "@sgkit/core";
import { ATTEMPTS } from "../connect/attempts-key.js";
import { authInterceptor } from "../connect/auth-interceptor.js";
import { createFetchTransport } from "../connect/create-fetch-transport.js";
import { errorFromConnect } from "../connect/error-from-connect.js";
import { interceptTransport } from "../connect/intercept-transport.js";
import { procedureUrl } from "../connect/procedure-url.js";
import { retryInterceptor } from "../connect/retry-interceptor.js";
import { RETRYABLE_STATUSES } from "../connect/retryable-statuses.js";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import {
  type ExplicitRepoPermission,
  Service,
} from "../gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
import { parseResourceName } from "../names/parse-resource-name.js";
import { permissionName } from "../names/permission-name.js";
import { permissionNameOf } from "../names/permission-name-of.js";
import { repositoryName } from "../names/repository-name.js";
import { userName } from "../names/user-name.js";
import { VERSION } from "../version.js";
import type { ListPageRequest, PermissionsCallOptions, PermissionsClient } from "./permissions-client.js";
import { replaceRepositoryPermissions } from "./replace-repository-permissions.js";

/** How a {@link PermissionsClient} reaches the server, authenticates, retries and reports. */
export interface PermissionsClientOptions {
  /**
   * The Sourcegraph instance, such as `https://sourcegraph.example.com` (normalized as `SRC_ENDPOINT` is); calls go
   * to `<endpoint>/api/explicitrepopermissions.v1.Service/<Method>`. Required unless `transport` is given.
   */
  endpoint?: string;
  /** An access token, sent as `Authorization: Bearer <token>`. Give this or `credentials`, not both. */
  token?: string;
  /**
   * Credentials from `@sgkit/core` (`createTokenCredentials`, `createOAuthCredentials`, …), asked for the
   * `/api/` HTTP API's header before each attempt and refreshed once after an `unauthenticated` answer. Sudo
   * credentials cannot be used: the HTTP API has no sudo form.
   */
  credentials?: Credentials;
  /**
   * A Connect transport of your own (a `createRouterTransport` in tests, a `@connectrpc/connect-node`
   * transport). The client still authorizes and retries every call on top of it. The options that configure
   * the default transport (`fetch`, `headers`, `timeoutMs`, `userAgent`, `binary`, `allowInsecureHttp`)
   * cannot be combined with it.
   */
  transport?: Transport;
  /** How calls are retried (see `RetryOptions` of `@sgkit/core`); `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** The fetch under the default transport. Default: `globalThis.fetch`, looked up on every request. */
  fetch?: typeof fetch;
  /** Send protobuf (`application/proto`) instead of JSON. Default false: the documented wire format is JSON. */
  binary?: boolean;
  /**
   * Per attempt, until the response headers arrive; a timed-out attempt is a retryable `TimeoutError`.
   * Default 0, none, as in connect-web and Octokit: in Node, a fetch given an `AbortSignal` registers listeners
   * and a finalizer for it, which cost 2 to 5% of the client's CPU per call (see packages/integration/bench).
   * Node's fetch still gives up on response headers after 300 s. Set it (30 000 is a good value) where a hung
   * server must not hold a call for that long; a `signal` of your own bounds a whole call.
   */
  timeoutMs?: number;
  /** Your application's product token, sent before `sgkit-permissions/<version> sgkit/<version>`. */
  userAgent?: string;
  /** Extra headers on every request, such as an auth proxy's (`SRC_HEADER_*`); not `Authorization`. */
  headers?: Record<string, string>;
  /** Allows sending the token over plain HTTP to a host other than a loopback one. Default false. */
  allowInsecureHttp?: boolean;
  /** Receives redacted debug events: requests, responses, retries, refreshes. */
  onDebug?: DebugHook;
  /** The clock in milliseconds, for `Retry-After` dates and the retry budget. Default `Date.now`. */
  now?: () => number;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Waits between attempts; must reject with `signal.reason` when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options that only the default transport uses; given with `transport`, they would be silently ignored. */
const DEFAULT_TRANSPORT_OPTIONS = [
  "fetch",
  "headers",
  "timeoutMs",
  "userAgent",
  "binary",
  "allowInsecureHttp",
] as const;

/** The largest `page_size` the proto's int32 can carry. */
const MAX_PAGE_SIZE = 2 ** 31 - 1;

/**
 * Creates a client of Sourcegraph's explicit repository permissions API (`explicitrepopermissions.v1`, Connect
 * RPC, Sourcegraph 7.0+).
 *
 * By default it speaks the Connect protocol with JSON (field names as documented, snake_case; answers are read
 * in snake_case or lowerCamelCase) over `fetch`, so it runs in Node, browsers, Deno and Bun. That fetch is
 * `@sgkit/core`'s `createSourcegraphFetch`: it authorizes each attempt with the credentials' Bearer value (one
 * refresh after `unauthenticated`), retries `unavailable`, `resource_exhausted`, `deadline_exceeded` and
 * connection failures (on the shared runner, budget and `Retry-After`), sets `User-Agent` and the extra
 * headers, applies the per-attempt timeout, follows same-origin redirects only, and refuses to send the token
 * over plain HTTP to a non-loopback host.
 *
 * Around a transport of your own, two Connect interceptors do the same: retries and, inside them, Bearer
 * authorization.
 *
 * @throws {ConfigurationError} for missing or conflicting options (no endpoint, both `token` and
 *   `credentials`, an `Authorization` header, default-transport options given with `transport`, bad retry
 *   options), before anything is sent.
 */
export function createPermissionsClient(options: PermissionsClientOptions): PermissionsClient {
  const { onDebug } = options;
  const now = options.now ?? Date.now;
  const credentials = resolveCredentials(options);
  const endpoint =
    options.endpoint === undefined ? undefined : normalizeEndpoint(options.endpoint, "endpoint");
  const baseUrl = endpoint === undefined ? "" : `${endpoint}/api`;

  let rpc: Transport;
  if (options.transport) {
    const misplaced = DEFAULT_TRANSPORT_OPTIONS.filter((name) => options[name] !== undefined);
    if (misplaced.length > 0) {
      throw new ConfigurationError(
        `${misplaced.join(", ")} configure${misplaced.length === 1 ? "s" : ""} the default transport and ` +
          "cannot be combined with a transport of your own: configure your transport instead.",
        { setting: misplaced[0] },
      );
    }
    const runner = createRetryRunner(options.retry, {
      onDebug,
      now,
      ...(options.random ? { random: options.random } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    const interceptors: Interceptor[] = [
      retryInterceptor({ runner, now }),
      ...(credentials ? [authInterceptor({ credentials, onDebug })] : []),
    ];
    rpc = interceptTransport(options.transport, interceptors, baseUrl);
  } else {
    if (endpoint === undefined) {
      throw new ConfigurationError(
        "endpoint is required: the URL of your Sourcegraph instance, such as https://sourcegraph.example.com.",
        { setting: "endpoint" },
      );
    }
    if (credentials === undefined) {
      throw new ConfigurationError(
        "token or credentials is required: the /api/ HTTP API answers no call without an access token.",
        { setting: "token" },
      );
    }
    // Authorization and retries are layers of the shared fetch here, not interceptors: the same behaviour
    // without a Connect request (`Headers`, signal, context values) built for them on every call.
    const sourcegraphFetch = createSourcegraphFetch({
      api: "http-api",
      credentials,
      fetch: options.fetch,
      headers: options.headers ?? {},
      timeoutMs: options.timeoutMs ?? 0,
      retry: options.retry,
      retryableStatuses: RETRYABLE_STATUSES,
      userAgent: [options.userAgent, `sgkit-permissions/${VERSION}`].filter(Boolean).join(" "),
      allowInsecureHttp: options.allowInsecureHttp ?? false,
      onDebug,
      now,
      ...(options.random ? { random: options.random } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    rpc = createFetchTransport({ baseUrl, fetch: sourcegraphFetch, binary: options.binary ?? false });
  }

  /**
   * Runs one RPC and turns its failure into an sgkit error; a caller's abort rejects with the caller's reason.
   * It calls the transport directly rather than through Connect's `createClient`, whose promise client adds a
   * layer per call and nothing this client uses (it reads no response headers).
   */
  function call<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    input: MessageInitShape<I>,
    access: "read" | "write",
    subject: string,
    callOptions: PermissionsCallOptions | undefined,
  ): Promise<MessageShape<O>> {
    const signal = callOptions?.signal;
    // Not every transport checks the signal before sending (the in-memory router transport does not).
    if (signal?.aborted) return Promise.reject(signal.reason);
    const contextValues = createContextValues();
    // Promise methods rather than an async function: one promise and one hop fewer on every call.
    return rpc.unary(method, signal, undefined, undefined, input, contextValues).then(
      (response) => response.message,
      (error: unknown) => {
        if (signal?.aborted) throw signal.reason;
        throw errorFromConnect(error, {
          procedure: method.name,
          access,
          subject,
          url: procedureUrl(baseUrl, method),
          attempts: contextValues.get(ATTEMPTS),
          now,
        });
      },
    );
  }

  async function listPage(request: ListPageRequest, callOptions?: PermissionsCallOptions) {
    const { parent } = request;
    parseResourceName(parent, "parent");
    const pageSize = checkPageSize(request.pageSize);
    const response = await call(
      Service.method.listExplicitRepoPermissions,
      { parent, pageSize, pageToken: request.pageToken ?? "" },
      "read",
      parent,
      callOptions,
    );
    return { permissions: response.explicitRepoPermissions, nextPageToken: response.nextPageToken };
  }

  const client: PermissionsClient = {
    async get(name, callOptions) {
      parseResourceName(name, "permission");
      return await call(Service.method.getExplicitRepoPermission, { name }, "read", name, callOptions);
    },

    listPage,

    list(request, callOptions) {
      // Checked now rather than at the first iteration, so the mistake points at the line that made it.
      parseResourceName(request.parent, "parent");
      checkPageSize(request.pageSize);
      return {
        async *[Symbol.asyncIterator]() {
          let pageToken = "";
          do {
            const page = await listPage({ ...request, pageToken }, callOptions);
            yield* page.permissions;
            if (page.nextPageToken !== "" && page.nextPageToken === pageToken) {
              // A server bug, but one that would otherwise make this loop run forever.
              throw new SourcegraphError(
                `ListExplicitRepoPermissions of ${request.parent} answered with the page token it was sent as ` +
                  "the next one; stopping rather than asking for the same page forever.",
                { code: "internal", isRetryable: false },
              );
            }
            pageToken = page.nextPageToken;
          } while (pageToken !== "");
        },
      };
    },

    create(request, callOptions) {
      // Not async, so that grant, which awaits it, costs one promise fewer; a mistake still rejects.
      let message: MessageInitShape<typeof Service.method.createExplicitRepoPermission.input>;
      let subject: string;
      try {
        const repository = repositoryName(request.repository);
        const user = userName(request.user);
        const parent = request.parent ?? "repository";
        if (parent !== "repository" && parent !== "user") {
          throw new TypeError(`parent must be "repository" or "user", not ${JSON.stringify(parent)}.`);
        }
        message =
          parent === "repository"
            ? { parent: repository, explicitRepoPermission: { user } }
            : { parent: user, explicitRepoPermission: { repository } };
        subject = permissionNameOf(repository, user);
      } catch (error) {
        return Promise.reject(error);
      }
      return call(Service.method.createExplicitRepoPermission, message, "write", subject, callOptions);
    },

    async delete(name, callOptions) {
      parseResourceName(name, "permission");
      await call(Service.method.deleteExplicitRepoPermission, { name }, "write", name, callOptions);
    },

    grant(repository, user, callOptions) {
      // Promise methods rather than an async function, as in `call`: grant is the migrator's hot path.
      return client.create({ repository, user }, callOptions).then(
        (permission: ExplicitRepoPermission) => ({ changed: true, permission }),
        (error: unknown) => {
          // Already there: the state asked for. After a retry it may be there thanks to an earlier attempt of
          // this very call whose answer was lost; `changed` then says false although this call made the change.
          if (error instanceof AlreadyExistsError) return { changed: false, permission: undefined };
          throw error;
        },
      );
    },

    async revoke(repository, user, callOptions) {
      try {
        await client.delete(permissionName(repository, user), callOptions);
        return { changed: true };
      } catch (error) {
        // Already gone (or never there): the state asked for, with the same caveat after a retry as grant.
        if (error instanceof NotFoundError) return { changed: false };
        throw error;
      }
    },

    replaceRepositoryPermissions(repository, users, replaceOptions) {
      return replaceRepositoryPermissions(client, repository, users, replaceOptions);
    },
  };
  return client;
}

/** `token` becomes token credentials; giving both it and `credentials` is a mistake worth hearing about. */
function resolveCredentials(options: PermissionsClientOptions): Credentials | undefined {
  if (options.token !== undefined && options.credentials !== undefined) {
    throw new ConfigurationError("Give either token or credentials, not both.", { setting: "credentials" });
  }
  return options.token === undefined ? options.credentials : createTokenCredentials(options.token);
}

function checkPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return 0;
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 0 to ${MAX_PAGE_SIZE}, not ${pageSize}.`);
  }
  return pageSize;
}
