import type { DescMessage, DescMethodUnary, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { createContextValues } from "@connectrpc/connect";
import { type ExplicitRepoPermission, Service } from "@sgkit/contracts/permissions";
import {
  ConfigurationError,
  type Connection,
  type ConnectionOptions,
  createConnection,
  isConnection,
  SourcegraphError,
} from "@sgkit/core";
import { connectionFetch } from "@sgkit/core/internal";
import {
  ATTEMPTS,
  createFetchTransport,
  procedureUrl,
  RETRYABLE_STATUSES,
} from "../connect/create-fetch-transport.js";
import { errorFromConnect } from "../connect/error-from-connect.js";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { parseResourceName, permissionName, permissionNameOf, repositoryName, userName } from "../names.js";
import { VERSION } from "../version.js";
import type {
  GrantResult,
  ListPageRequest,
  PermissionsCallOptions,
  PermissionsClient,
} from "./permissions-client.js";
import { replaceRepositoryPermissions } from "./replace-repository-permissions.js";
import { repositoryQueueOf } from "./repository-queue.js";

/**
 * How a {@link PermissionsClient} reaches the server: the {@link ConnectionOptions} every sgkit client takes (see
 * `@sgkit/core`), and `binary`. The `/api/` HTTP API answers no call without an access token, so `token` or
 * `credentials` is required here; it goes as `Authorization: Bearer <token>`. Sudo credentials cannot be used:
 * the HTTP API has no sudo form.
 */
export interface PermissionsClientOptions extends ConnectionOptions {
  /** Send protobuf (`application/proto`) instead of JSON. Default false: the documented wire format is JSON. */
  binary?: boolean;
}

/** The largest `page_size` the proto's int32 can carry. */
const MAX_PAGE_SIZE = 2 ** 31 - 1;

/**
 * Creates a client of Sourcegraph's explicit repository permissions API (`explicitrepopermissions.v1`, Connect
 * RPC, Sourcegraph 7.0+), calling `<endpoint>/api/explicitrepopermissions.v1.Service/<Method>`.
 *
 * It speaks the Connect protocol with JSON (field names as documented, snake_case; answers are read in
 * snake_case or lowerCamelCase) over `@sgkit/core`'s fetch, so it runs in Node, browsers, Deno and Bun. That
 * fetch authorizes each attempt with the credentials' Bearer value (refreshed once after `unauthenticated`),
 * retries `unavailable`, `resource_exhausted`, `deadline_exceeded` and connection failures (with backoff, the
 * server's `Retry-After` and the connection's retry budget), sets `User-Agent` and the extra headers, applies the
 * per-attempt timeout (none by default), follows same-origin redirects only, and refuses to send the token over
 * plain HTTP to a non-loopback host. For another wire (a proxy, an emulator in process, a test double), give
 * `fetch`.
 *
 * Give it a `Connection` (`createConnection` of `@sgkit/core`) instead of options to share one retry budget with
 * other clients of the same instance; it then speaks JSON.
 *
 * @throws {ConfigurationError} for a missing or bad endpoint, no `token` or `credentials`, both of them, an
 *   `Authorization` header with credentials, or bad retry or timeout options, before anything is sent.
 */
export function createPermissionsClient(options: PermissionsClientOptions | Connection): PermissionsClient {
  let connection: Connection;
  let binary = false;
  if (isConnection(options)) {
    connection = options;
  } else {
    const { binary: asked, ...connectionOptions } = options;
    if (connectionOptions.endpoint === undefined) {
      throw new ConfigurationError(
        "endpoint is required: the URL of your Sourcegraph instance, such as https://sourcegraph.example.com.",
        { setting: "endpoint" },
      );
    }
    connection = createConnection(connectionOptions);
    binary = asked ?? false;
  }
  if (connection.credentials === undefined) {
    throw new ConfigurationError(
      "token or credentials is required: the /api/ HTTP API answers no call without an access token.",
      { setting: "token" },
    );
  }
  const baseUrl = connection.urls.httpApi;
  // Replaces of one repository take turns across every client of this connection.
  const queue = repositoryQueueOf(connection);
  const now = connection.options.internal?.now ?? Date.now;
  const rpc = createFetchTransport({
    baseUrl,
    fetch: connectionFetch(connection, "http-api", {
      product: `sgkit-permissions/${VERSION}`,
      retryableStatuses: RETRYABLE_STATUSES,
    }),
    binary,
  });

  /**
   * Runs one RPC and turns its failure into an sgkit error; a caller's abort rejects with the caller's reason.
   * The transport is called directly: the client needs the answer's message only.
   */
  function call<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    input: MessageInitShape<I>,
    access: "read" | "write",
    subject: string,
    callOptions: PermissionsCallOptions | undefined,
  ): Promise<MessageShape<O>> {
    const signal = callOptions?.signal;
    // An aborted call builds and sends nothing.
    if (signal?.aborted) return Promise.reject(signal.reason);
    const contextValues = createContextValues();
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
      // A mistake rejects, as in the other methods.
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
      return client.create({ repository, user }, callOptions).then(
        (permission: ExplicitRepoPermission): GrantResult => ({
          outcome: "created",
          changed: true,
          permission,
        }),
        (error: unknown): GrantResult => {
          // Already there: the state asked for. After a retry it may be there thanks to an earlier attempt of
          // this very call whose answer was lost, or to another writer: "present-after-retry" says just that.
          if (!(error instanceof AlreadyExistsError)) throw error;
          const outcome = error.attempts > 1 ? "present-after-retry" : "already-present";
          return { outcome, changed: false, permission: undefined };
        },
      );
    },

    async revoke(repository, user, callOptions) {
      try {
        await client.delete(permissionName(repository, user), callOptions);
        return { outcome: "deleted", changed: true };
      } catch (error) {
        // Already gone (or never there): the state asked for, with the same caveat after a retry as grant.
        if (!(error instanceof NotFoundError)) throw error;
        return { outcome: error.attempts > 1 ? "absent-after-retry" : "already-absent", changed: false };
      }
    },

    replaceRepositoryPermissions(repository, users, replaceOptions) {
      return replaceRepositoryPermissions(client, repository, users, replaceOptions, queue);
    },
  };
  return client;
}

function checkPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return 0;
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 0 to ${MAX_PAGE_SIZE}, not ${pageSize}.`);
  }
  return pageSize;
}
