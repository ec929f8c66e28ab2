import { create } from "@bufbuild/protobuf";
import { type ExplicitRepoPermission, ExplicitRepoPermissionSchema } from "@sgkit/contracts/permissions";

/**
 * A permission as the server answers it: always with numeric ids, whatever user form the request used, e.g.
 * `{name: "repositories/123/explicitRepoPermissions/456", user: "users/456", repository: "repositories/123"}`.
 */
export function permissionMessage(repositoryId: number, userId: number): ExplicitRepoPermission {
  return create(ExplicitRepoPermissionSchema, {
    name: `repositories/${repositoryId}/explicitRepoPermissions/${userId}`,
    user: `users/${userId}`,
    repository: `repositories/${repositoryId}`,
  });
}
