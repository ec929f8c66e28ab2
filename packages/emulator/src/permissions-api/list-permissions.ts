import { create } from "@bufbuild/protobuf";
import {
  type ListExplicitRepoPermissionsRequest,
  type ListExplicitRepoPermissionsResponse,
  ListExplicitRepoPermissionsResponseSchema,
} from "@sgkit/contracts/permissions";
import type { EmulatorState } from "../state/emulator-state.js";
import type { PageTokenCodec } from "./create-page-token-codec.js";
import { invalidArgument } from "./invalid-argument.js";
import { parseParent } from "./parse-parent.js";
import { permissionMessage } from "./permission-message.js";
import { resolveRepository } from "./resolve-repository.js";
import { resolveUser } from "./resolve-user.js";

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
export function listPermissions(
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
