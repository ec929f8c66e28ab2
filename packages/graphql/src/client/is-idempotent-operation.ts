import type { OperationInfo } from "./operation-info.js";

/**
 * The mutations that may be sent again after an attempt whose outcome is unknown (a timeout, a reset, a 502, a
 * 429), because sending them twice leaves the server as sending them once:
 *
 * - `setRepositoryPermissionsForUsers` replaces the repository's whole explicit ACL with the list sent, in one
 *   transaction: a repeat writes the same ACL.
 * - `setRepositoryPermissionsUnrestricted` sets a flag to the value sent: a repeat sets it again.
 *
 * Not listed, so never retried:
 *
 * - `setSubRepositoryPermissionsForUsers`: the documentation does not say whether it replaces a user's rules or
 *   adds to them ("later entries override earlier ones"), nor whether the call is one transaction; until that is
 *   known a repeat is not assumed harmless.
 * - `createSearchContext`: a repeat after a lost answer fails with "already exists" (or, with another name,
 *   creates a second context).
 * - `updateSearchContext`: a rename changes the context's ID (it is keyed by its spec), so a repeat aims at an ID
 *   that no longer exists and fails although the first attempt succeeded.
 * - `deleteSearchContext`: a repeat after a lost answer fails with "not found".
 *
 * `__typename` changes nothing and may accompany any of them.
 */
export const IDEMPOTENT_MUTATIONS: ReadonlySet<string> = new Set([
  "setRepositoryPermissionsForUsers",
  "setRepositoryPermissionsUnrestricted",
]);

/**
 * Whether an operation may be retried by `@sgkit/core`'s retry layer: every query (it changes nothing), and a
 * mutation only when each of its root fields is in {@link IDEMPOTENT_MUTATIONS}. Subscriptions are not sent over
 * this transport; an operation whose root fields are unknown (a fragment at the root) is not retried.
 */
export function isIdempotentOperation(info: Pick<OperationInfo, "type" | "rootFields">): boolean {
  if (info.type === "query") return true;
  if (info.type !== "mutation" || info.rootFields === undefined) return false;
  const fields = info.rootFields.filter((field) => field !== "__typename");
  return fields.length > 0 && fields.every((field) => IDEMPOTENT_MUTATIONS.has(field));
}
