import { permissionNameOf } from "./permission-name-of.js";
import { type RepositoryInput, repositoryName } from "./repository-name.js";
import { type UserInput, userName } from "./user-name.js";

/**
 * The resource name of a user's explicit permission on a repository,
 * `repositories/{id}/explicitRepoPermissions/{user}`, where `{user}` keeps the form it was given in (`456`,
 * `@alice` or `alice@example.com`): the server resolves any of them.
 *
 * @throws {InvalidResourceNameError} when the repository or the user is malformed.
 */
export function permissionName(repository: RepositoryInput, user: UserInput): string {
  return permissionNameOf(repositoryName(repository), userName(user));
}
