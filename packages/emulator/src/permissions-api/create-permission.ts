import { Code, ConnectError } from "@connectrpc/connect";
import type {
  CreateExplicitRepoPermissionRequest,
  ExplicitRepoPermission,
} from "@sgkit/contracts/permissions";
import type { EmulatorState } from "../state/emulator-state.js";
import { invalidArgument } from "./invalid-argument.js";
import { parseParent } from "./parse-parent.js";
import { parseRepositoryName } from "./parse-repository-name.js";
import { parseUserName } from "./parse-user-name.js";
import { permissionMessage } from "./permission-message.js";
import { resolveRepository } from "./resolve-repository.js";
import { resolveUser } from "./resolve-user.js";
import type { UserKey } from "./user-key.js";

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
export function createPermission(
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
