import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import {
  type CreateExplicitRepoPermissionRequest,
  type DeleteExplicitRepoPermissionRequest,
  type ExplicitRepoPermission,
  ExplicitRepoPermissionSchema,
  type GetExplicitRepoPermissionRequest,
  type ListExplicitRepoPermissionsRequest,
  type ListExplicitRepoPermissionsResponse,
  ListExplicitRepoPermissionsResponseSchema,
  Service,
} from "@sgkit/contracts/permissions";
import type { User } from "../state/accounts.js";
import type { EmulatorState } from "../state/emulator-state.js";
import type { Repository } from "../state/repository-catalog.js";
import { authorizeCall } from "./authorize-call.js";
import { createPageTokenCodec, type PageTokenCodec } from "./create-page-token-codec.js";
import {
  invalidArgument,
  parseParent,
  parsePermissionName,
  parseRepositoryName,
  parseUserName,
  type UserKey,
} from "./resource-names.js";

/**
 * Registers `explicitrepopermissions.v1.Service`, from the generated descriptor in `@sgkit/contracts` (the one
 * `@sgkit/permissions` is built on), on a Connect router. Every method authorizes the call (authentication,
 * license, scope, RBAC) before it reads its arguments, then works on the shared state.
 */
export function permissionsRoutes(state: EmulatorState): (router: ConnectRouter) => void {
  const pageTokens = createPageTokenCodec();
  return (router) =>
    router.service(Service, {
      getExplicitRepoPermission(request, context) {
        authorizeCall(state, context.requestHeader, "read", "GetExplicitRepoPermission");
        return getPermission(state, request);
      },
      listExplicitRepoPermissions(request, context) {
        authorizeCall(state, context.requestHeader, "read", "ListExplicitRepoPermissions");
        return listPermissions(state, request, pageTokens);
      },
      createExplicitRepoPermission(request, context) {
        authorizeCall(state, context.requestHeader, "write", "CreateExplicitRepoPermission");
        return createPermission(state, request);
      },
      deleteExplicitRepoPermission(request, context) {
        authorizeCall(state, context.requestHeader, "write", "DeleteExplicitRepoPermission");
        deletePermission(state, request);
        return {};
      },
    });
}

/**
 * `GetExplicitRepoPermission`: the permission a name designates (any user form), answered with numeric ids;
 * `not_found` when the repository, the user, or the permission does not exist.
 */
function getPermission(
  state: EmulatorState,
  request: GetExplicitRepoPermissionRequest,
): ExplicitRepoPermission {
  const { repository, user } = resolvePermissionName(state, request.name);
  if (!state.permissions.has(repository.id, user.id)) throw noPermission(repository.id, user.id);
  return permissionMessage(repository.id, user.id);
}

/** The page size when a request gives none (or 0). */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest page; a larger `page_size` is lowered to it, as AIP-158 asks. */
export const MAX_PAGE_SIZE = 1000;

/**
 * `ListExplicitRepoPermissions`: a repository parent lists its users by user id; a user parent (any form) lists
 * their repositories by repository id. `page_size` 0 means {@link DEFAULT_PAGE_SIZE}, more than
 * {@link MAX_PAGE_SIZE} means that, negative is `invalid_argument`. `next_page_token` is empty on the last page:
 * the server looks one item ahead, so a listing never ends with an empty page.
 */
function listPermissions(
  state: EmulatorState,
  request: ListExplicitRepoPermissionsRequest,
  pageTokens: PageTokenCodec,
): ListExplicitRepoPermissionsResponse {
  const parent = parseParent(request.parent, "parent");
  if (request.pageSize < 0)
    throw invalidArgument("page_size", `must not be negative, got ${request.pageSize}`);
  const pageSize = Math.min(request.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

  // Tokens carry the canonical parent, so `users/@alice` and `users/2` continue each other's listings.
  let canonicalParent: string;
  let page: { ids: number[]; more: boolean };
  let pairOf: (id: number) => [repositoryId: number, userId: number];
  if (parent.kind === "repository") {
    const repository = resolveRepository(state, parent.repositoryId);
    canonicalParent = `repositories/${repository.id}`;
    const after = request.pageToken === "" ? 0 : pageTokens.decode(request.pageToken, canonicalParent);
    page = state.permissions.usersOf(repository.id, after, pageSize);
    pairOf = (userId) => [repository.id, userId];
  } else {
    const user = resolveUser(state, parent.user);
    canonicalParent = `users/${user.id}`;
    const after = request.pageToken === "" ? 0 : pageTokens.decode(request.pageToken, canonicalParent);
    page = state.permissions.repositoriesOf(user.id, after, pageSize);
    pairOf = (repositoryId) => [repositoryId, user.id];
  }
  const last = page.ids.at(-1);
  return create(ListExplicitRepoPermissionsResponseSchema, {
    explicitRepoPermissions: page.ids.map((id) => permissionMessage(...pairOf(id))),
    nextPageToken: page.more && last !== undefined ? pageTokens.encode(canonicalParent, last) : "",
  });
}

/**
 * `CreateExplicitRepoPermission`. The parent is either side of the pair:
 *
 * - `repositories/{id}`: then `explicit_repo_permission.user` names the user (any form);
 * - a user in any form: then `explicit_repo_permission.repository` names the repository.
 *
 * The other side may be repeated in the permission only if it designates the same object. The permission's
 * `name` is assigned by the server and ignored here. Every argument is checked before anything is looked up, so
 * a malformed request is `invalid_argument` even when it also names unknown objects. A pair that exists is
 * `already_exists` (a retrying client reads that as "already created").
 */
function createPermission(
  state: EmulatorState,
  request: CreateExplicitRepoPermissionRequest,
): ExplicitRepoPermission {
  const parent = parseParent(request.parent, "parent");
  const permission = request.explicitRepoPermission;
  if (!permission) throw invalidArgument("explicit_repo_permission", "is required");

  let repositoryId: number;
  let userKey: UserKey;
  let otherRepositoryId: number | undefined;
  let otherUserKey: UserKey | undefined;
  if (parent.kind === "repository") {
    if (permission.user === "") {
      throw invalidArgument("explicit_repo_permission.user", "is required when the parent is a repository");
    }
    repositoryId = parent.repositoryId;
    userKey = parseUserName(permission.user, "explicit_repo_permission.user");
    if (permission.repository !== "") {
      otherRepositoryId = parseRepositoryName(permission.repository, "explicit_repo_permission.repository");
    }
  } else {
    if (permission.repository === "") {
      throw invalidArgument("explicit_repo_permission.repository", "is required when the parent is a user");
    }
    userKey = parent.user;
    repositoryId = parseRepositoryName(permission.repository, "explicit_repo_permission.repository");
    if (permission.user !== "")
      otherUserKey = parseUserName(permission.user, "explicit_repo_permission.user");
  }
  if (otherRepositoryId !== undefined && otherRepositoryId !== repositoryId) {
    throw invalidArgument("explicit_repo_permission.repository", "must be empty or the parent repository");
  }

  const repository = resolveRepository(state, repositoryId);
  const user = resolveUser(state, userKey);
  if (otherUserKey && resolveUser(state, otherUserKey).id !== user.id) {
    throw invalidArgument("explicit_repo_permission.user", "must be empty or the parent user");
  }
  if (!state.permissions.add(repository.id, user.id)) {
    throw new ConnectError(
      `user "users/${user.id}" already has an explicit permission on "repositories/${repository.id}"`,
      Code.AlreadyExists,
    );
  }
  return permissionMessage(repository.id, user.id);
}

/**
 * `DeleteExplicitRepoPermission`: removes the permission a name designates (any user form). `not_found` when
 * it does not exist, as the API's AIP style implies; a retrying client reads that as "already deleted".
 */
function deletePermission(state: EmulatorState, request: DeleteExplicitRepoPermissionRequest): void {
  const { repository, user } = resolvePermissionName(state, request.name);
  if (!state.permissions.delete(repository.id, user.id)) throw noPermission(repository.id, user.id);
}

/** The repository and the user a permission name designates (the `name` field); `not_found` for either. */
function resolvePermissionName(state: EmulatorState, name: string): { repository: Repository; user: User } {
  const { repositoryId, user } = parsePermissionName(name, "name");
  return { repository: resolveRepository(state, repositoryId), user: resolveUser(state, user) };
}

/** The `not_found` of a pair that has no permission. */
function noPermission(repositoryId: number, userId: number): ConnectError {
  return new ConnectError(
    `user "users/${userId}" has no explicit permission on "repositories/${repositoryId}"`,
    Code.NotFound,
  );
}

/** The repository with this id; `not_found` when there is none. */
function resolveRepository(state: EmulatorState, repositoryId: number): Repository {
  const repository = state.repositories.byId(repositoryId);
  if (!repository) {
    throw new ConnectError(`repository "repositories/${repositoryId}" not found`, Code.NotFound);
  }
  return repository;
}

/**
 * The user a name designates; `not_found` when there is none. `users/@name` matches in any case (`citext`);
 * emails match case-sensitively, as the documentation says.
 */
function resolveUser(state: EmulatorState, key: UserKey): User {
  const user =
    key.kind === "id"
      ? state.users.byId(key.id)
      : key.kind === "username"
        ? state.users.byUsername(key.username)
        : state.users.byExactEmail(key.email);
  if (!user) throw new ConnectError(`user ${JSON.stringify(userName(key))} not found`, Code.NotFound);
  return user;
}

function userName(key: UserKey): string {
  if (key.kind === "id") return `users/${key.id}`;
  return key.kind === "username" ? `users/@${key.username}` : `users/${key.email}`;
}

/**
 * A permission as the server answers it: always with numeric ids, whatever user form the request used, e.g.
 * `{name: "repositories/123/explicitRepoPermissions/456", user: "users/456", repository: "repositories/123"}`.
 */
function permissionMessage(repositoryId: number, userId: number): ExplicitRepoPermission {
  return create(ExplicitRepoPermissionSchema, {
    name: `repositories/${repositoryId}/explicitRepoPermissions/${userId}`,
    user: `users/${userId}`,
    repository: `repositories/${repositoryId}`,
  });
}
