import { Code, ConnectError } from "@connectrpc/connect";
import type { ExplicitRepoPermission, GetExplicitRepoPermissionRequest } from "@sgkit/contracts/permissions";
import type { EmulatorState } from "../state/emulator-state.js";
import { parsePermissionName } from "./parse-permission-name.js";
import { permissionMessage } from "./permission-message.js";
import { resolveRepository } from "./resolve-repository.js";
import { resolveUser } from "./resolve-user.js";

/**
 * `GetExplicitRepoPermission`: the permission a name designates (any user form), answered with numeric ids;
 * `not_found` when the repository, the user, or the permission does not exist.
 */
export function getPermission(
  state: EmulatorState,
  request: GetExplicitRepoPermissionRequest,
): ExplicitRepoPermission {
  const { repositoryId, user: userKey } = parsePermissionName(request.name, "name");
  const repository = resolveRepository(state, repositoryId);
  const user = resolveUser(state, userKey);
  if (!state.permissions.has(repository.id, user.id)) {
    throw new ConnectError(
      `user "users/${user.id}" has no explicit permission on "repositories/${repository.id}"`,
      Code.NotFound,
    );
  }
  return permissionMessage(repository.id, user.id);
}
