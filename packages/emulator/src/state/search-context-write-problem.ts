import type { EmulatorState } from "./emulator-state.js";
import type { SearchContext } from "./search-context-store.js";
import type { User } from "./user-directory.js";

/**
 * Why a user (undefined: an anonymous visitor) may not create, change or delete a search context with this
 * namespace and visibility, or undefined when it may. The rule is Sourcegraph's documented one: site admins may
 * write every public context and every global context; a user may write the contexts of its own namespace and of
 * the orgs it belongs to. Anonymous visitors write nothing. The messages follow Sourcegraph's.
 */
export function searchContextWriteProblem(
  state: EmulatorState,
  viewer: User | undefined,
  context: Pick<SearchContext, "namespace" | "public">,
): string | undefined {
  if (!viewer) return "must be signed in to change search contexts";
  const { namespace } = context;
  if (viewer.siteAdmin && (context.public || namespace === null)) return undefined;
  if (namespace === null) return "current user must be a site admin to change global search contexts";
  if (namespace.kind === "user") {
    return namespace.id === viewer.id ? undefined : "search context user does not match the current user";
  }
  return state.orgs.isMember(namespace.id, viewer.id)
    ? undefined
    : "current user is not a member of the search context organization";
}
