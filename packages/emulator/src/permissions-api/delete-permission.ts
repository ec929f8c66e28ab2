import { Code, ConnectError } from "@connectrpc/connect";
import type { DeleteExplicitRepoPermissionRequest } from "@sgkit/contracts/permissions";
import type { EmulatorState } from "../state/emulator-state.js";
import { parsePermissionName } from "./parse-permission-name.js";
import { resolveRepository } from "./resolve-repository.js";
import { resolveUser } from "./resolve-user.js";

/**
 * `DeleteExplicitRepoPermission`: removes the permission a name designates (any user form). `not_found` when
 * it does not exist, as the API's AIP style implies; a retrying client reads that as "already deleted".
 */
export function deletePermission(state: EmulatorState, request: DeleteExplicitRepoPermissionRequest): void {
  const { repositoryId, user: userKey } = parsePermissionName(request.name, "name");
  const repository = resolveRepository(state, repositoryId);
  const user = resolveUser(state, userKey);
  if (!state.permissions.delete(repository.id, user.id)) {
    throw new ConnectError(
      `user "users/${user.id}" has no explicit permission on "repositories/${repository.id}"`,
      Code.NotFound,
    );
  }
}
