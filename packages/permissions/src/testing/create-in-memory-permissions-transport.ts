import { type JsonValue, toJson } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createRouterTransport,
  type HandlerContext,
  type ServiceImpl,
  type Transport,
} from "@connectrpc/connect";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { Service } from "../gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
import { parseResourceName } from "../names/parse-resource-name.js";
import type { UserRef } from "../names/user-ref.js";

/** A user of the in-memory instance. */
export interface InMemoryUser {
  id: number;
  username: string;
  email?: string;
}

/** The four methods, by their procedure names. */
export type PermissionsMethodName =
  | "GetExplicitRepoPermission"
  | "ListExplicitRepoPermissions"
  | "CreateExplicitRepoPermission"
  | "DeleteExplicitRepoPermission";

/** A call the in-memory service received, in the order received. */
export interface InMemoryCall {
  method: PermissionsMethodName;
  /** The request message as JSON with the proto (snake_case) field names. */
  request: JsonValue;
  /** The `Authorization` header as received, or null. Test code only: it holds the token. */
  authorization: string | null;
}

/**
 * A failure to inject into a call. `when: "before"` (the default) fails the call without effect;
 * `when: "after"` applies its effect first and then fails, like an answer lost on the way back.
 */
export interface InMemoryFault {
  error: ConnectError;
  when?: "before" | "after";
}

/** The instance the in-memory service starts with, and how it behaves. */
export interface InMemoryPermissionsOptions {
  /** The users that exist. Users are found by id, `@username` or email (case-sensitive). */
  users?: InMemoryUser[];
  /** The ids of the repositories that exist. */
  repositories?: number[];
  /** The explicit permissions held at the start. */
  permissions?: Array<{ repository: number; user: number }>;
  /** Whether the instance has the "Explicit Permissions API" license feature. Default true. */
  licensed?: boolean;
  /**
   * When set, every call needs `Authorization: Bearer <one of these>`, else it fails `unauthenticated`. The
   * array is read on each call, so a test can rotate tokens while the client runs.
   */
  tokens?: string[];
  /** The page size used when a request asks for none (0). Default 50. */
  defaultPageSize?: number;
  /** The largest page size served; larger requests are served this many. Default 100. */
  maxPageSize?: number;
  /** Called for each call (after authentication and the license check); may return a failure to inject. */
  fault?: (call: InMemoryCall, index: number) => InMemoryFault | undefined;
}

/** An in-memory explicit permissions service, its transport, and what a test can read from it. */
export interface InMemoryPermissions {
  /** A `createRouterTransport` serving the service in memory: give it to `createPermissionsClient`. */
  transport: Transport;
  /** The service's routes, to serve it over real HTTP too (e.g. with `@connectrpc/connect-node`). */
  routes: (router: ConnectRouter) => void;
  /** Every call received, in order. */
  calls: InMemoryCall[];
  /** The permissions held now, as `repositories/{id}/explicitRepoPermissions/{user id}` names, sorted. */
  permissions(): string[];
}

/**
 * Creates an in-memory implementation of `explicitrepopermissions.v1.Service`, for unit tests of code that
 * uses `@sgkit/permissions`: give its `transport` to `createPermissionsClient({ transport })`.
 *
 * It behaves as the documentation describes the real service: every resource-name form, numeric ids in
 * answers, opaque page tokens, `already_exists` on a duplicate create and `not_found` on a missing delete,
 * `failed_precondition` without the license, `unauthenticated` without a known Bearer token (when `tokens` is
 * set). It checks no scopes or RBAC permissions; for those and for real HTTP, use `@sgkit/emulator`.
 */
export function createInMemoryPermissionsTransport(
  options: InMemoryPermissionsOptions = {},
): InMemoryPermissions {
  const users = options.users ?? [];
  const repositories = new Set(options.repositories ?? []);
  const held = new Set((options.permissions ?? []).map((p) => key(p.repository, p.user)));
  const defaultPageSize = options.defaultPageSize ?? 50;
  const maxPageSize = options.maxPageSize ?? 100;
  const calls: InMemoryCall[] = [];

  function findUser(ref: UserRef): InMemoryUser | undefined {
    switch (ref.form) {
      case "id":
        return users.find((user) => user.id === ref.id);
      case "username":
        return users.find((user) => user.username.toLowerCase() === ref.username.toLowerCase());
      case "email":
        return users.find((user) => user.email === ref.email);
    }
  }

  function requireUser(ref: UserRef): InMemoryUser {
    const user = findUser(ref);
    if (!user) throw new ConnectError("user not found", Code.NotFound);
    return user;
  }

  function requireRepository(id: number): number {
    if (!repositories.has(id)) throw new ConnectError("repository not found", Code.NotFound);
    return id;
  }

  function parse<K extends "repository" | "user" | "permission" | "parent">(
    name: string,
    kind: K,
    field: string,
  ) {
    try {
      return parseResourceName(name, kind);
    } catch (error) {
      if (error instanceof InvalidResourceNameError) {
        throw new ConnectError(`invalid ${field}: ${JSON.stringify(name)}`, Code.InvalidArgument);
      }
      throw error;
    }
  }

  function permission(repository: number, user: number) {
    return {
      name: `repositories/${repository}/explicitRepoPermissions/${user}`,
      user: `users/${user}`,
      repository: `repositories/${repository}`,
    };
  }

  /** Authentication, license, call log and injected faults around one method's effect. */
  async function handle<T>(
    method: PermissionsMethodName,
    request: JsonValue,
    context: HandlerContext,
    effect: () => T,
  ): Promise<T> {
    const authorization = context.requestHeader.get("authorization");
    if (options.tokens && !options.tokens.some((token) => authorization === `Bearer ${token}`)) {
      throw new ConnectError("Invalid access token.", Code.Unauthenticated);
    }
    if (options.licensed === false) {
      throw new ConnectError(
        'The "Explicit Permissions API" feature is not included in the license of this instance.',
        Code.FailedPrecondition,
      );
    }
    const call: InMemoryCall = { method, request, authorization };
    calls.push(call);
    const fault = options.fault?.(call, calls.length);
    if (fault && fault.when !== "after") throw fault.error;
    const result = effect();
    if (fault) throw fault.error;
    return result;
  }

  const service: ServiceImpl<typeof Service> = {
    getExplicitRepoPermission(request, context) {
      return handle(
        "GetExplicitRepoPermission",
        requestJson("getExplicitRepoPermission", request),
        context,
        () => {
          const name = parse(request.name, "permission", "name");
          const repository = requireRepository(name.repositoryId);
          const user = requireUser(name.userRef);
          if (!held.has(key(repository, user.id)))
            throw new ConnectError("permission not found", Code.NotFound);
          return permission(repository, user.id);
        },
      );
    },

    listExplicitRepoPermissions(request, context) {
      return handle(
        "ListExplicitRepoPermissions",
        requestJson("listExplicitRepoPermissions", request),
        context,
        () => {
          const parent = parse(request.parent, "parent", "parent");
          let all: Array<{ repository: number; user: number }>;
          if (parent.kind === "repository") {
            const repository = requireRepository(parent.repositoryId);
            all = [...held].map(unkey).filter((p) => p.repository === repository);
            all.sort((a, b) => a.user - b.user);
          } else {
            const user = requireUser(parent.user).id;
            all = [...held].map(unkey).filter((p) => p.user === user);
            all.sort((a, b) => a.repository - b.repository);
          }
          let offset = 0;
          if (request.pageToken !== "") {
            const decoded = decodePageToken(request.pageToken);
            if (decoded === undefined || decoded.parent !== request.parent) {
              throw new ConnectError("invalid page_token", Code.InvalidArgument);
            }
            offset = decoded.offset;
          }
          if (request.pageSize < 0) throw new ConnectError("invalid page_size", Code.InvalidArgument);
          const size = Math.min(request.pageSize === 0 ? defaultPageSize : request.pageSize, maxPageSize);
          const page = all.slice(offset, offset + size);
          const next = offset + size < all.length ? encodePageToken(request.parent, offset + size) : "";
          return {
            explicitRepoPermissions: page.map((p) => permission(p.repository, p.user)),
            nextPageToken: next,
          };
        },
      );
    },

    createExplicitRepoPermission(request, context) {
      return handle(
        "CreateExplicitRepoPermission",
        requestJson("createExplicitRepoPermission", request),
        context,
        () => {
          const parent = parse(request.parent, "parent", "parent");
          const given = request.explicitRepoPermission;
          let repository: number;
          let user: InMemoryUser;
          if (parent.kind === "repository") {
            if (!given?.user)
              throw new ConnectError("explicit_repo_permission.user is required", Code.InvalidArgument);
            repository = requireRepository(parent.repositoryId);
            user = requireUser(parse(given.user, "user", "explicit_repo_permission.user").user);
          } else {
            if (!given?.repository) {
              throw new ConnectError("explicit_repo_permission.repository is required", Code.InvalidArgument);
            }
            user = requireUser(parent.user);
            repository = requireRepository(
              parse(given.repository, "repository", "explicit_repo_permission.repository").repositoryId,
            );
          }
          if (held.has(key(repository, user.id)))
            throw new ConnectError("permission already exists", Code.AlreadyExists);
          held.add(key(repository, user.id));
          return permission(repository, user.id);
        },
      );
    },

    deleteExplicitRepoPermission(request, context) {
      return handle(
        "DeleteExplicitRepoPermission",
        requestJson("deleteExplicitRepoPermission", request),
        context,
        () => {
          const name = parse(request.name, "permission", "name");
          const repository = requireRepository(name.repositoryId);
          const user = requireUser(name.userRef);
          if (!held.delete(key(repository, user.id)))
            throw new ConnectError("permission not found", Code.NotFound);
          return {};
        },
      );
    },
  };

  const routes = (router: ConnectRouter) => {
    router.service(Service, service);
  };
  return {
    transport: createRouterTransport(routes),
    routes,
    calls,
    permissions: () =>
      [...held]
        .map(unkey)
        .sort((a, b) => a.repository - b.repository || a.user - b.user)
        .map((p) => permission(p.repository, p.user).name),
  };
}

/** A request as JSON with the documented (proto) field names, for the call log. */
function requestJson<M extends keyof typeof Service.method>(
  method: M,
  request: Parameters<typeof toJson>[1],
): JsonValue {
  return toJson(Service.method[method].input as Parameters<typeof toJson>[0], request, {
    useProtoFieldName: true,
  });
}

function key(repository: number, user: number): string {
  return `${repository}:${user}`;
}

function unkey(value: string): { repository: number; user: number } {
  const [repository, user] = value.split(":").map(Number);
  return { repository: repository ?? 0, user: user ?? 0 };
}

/** Page tokens are opaque to clients: base64 of the parent and the offset, checked against the next request. */
function encodePageToken(parent: string, offset: number): string {
  return btoa(JSON.stringify({ parent, offset }));
}

function decodePageToken(token: string): { parent: string; offset: number } | undefined {
  try {
    const value: unknown = JSON.parse(atob(token));
    const { parent, offset } = value as { parent?: unknown; offset?: unknown };
    return typeof parent === "string" && Number.isSafeInteger(offset) && (offset as number) >= 0
      ? { parent, offset: offset as number }
      : undefined;
  } catch {
    return undefined;
  }
}
