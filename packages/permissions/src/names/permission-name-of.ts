/**
 * The name of the permission of `user` on `repository`, both already valid resource names
 * (`repositories/{id}`, `users/{user}`): `repositories/{id}/explicitRepoPermissions/{user}`.
 */
export function permissionNameOf(repository: string, user: string): string {
  return `${repository}/explicitRepoPermissions/${user.slice("users/".length)}`;
}
