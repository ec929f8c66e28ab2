import type { EmulatorState } from "./emulator-state.js";
import type { SearchContext } from "./search-context-store.js";
import type { User } from "./user-directory.js";

/**
 * Whether a user (undefined: an anonymous visitor) may read a search context, exactly as Sourcegraph documents
 * it: public contexts are readable by everyone, anonymous visitors included; a private context by its owning
 * user, by the members of its owning org, or, for a global context, by site admins.
 *
 * Taken literally, a site admin cannot read another user's (or a foreign org's) private context: the
 * documentation grants site admins the private contexts of the global namespace only.
 */
export function canReadSearchContext(
  state: EmulatorState,
  viewer: User | undefined,
  context: Pick<SearchContext, "namespace" | "public">,
): boolean {
  if (context.public) return true;
  if (!viewer) return false;
  const { namespace } = context;
  if (namespace === null) return viewer.siteAdmin;
  if (namespace.kind === "user") return namespace.id === viewer.id;
  return state.orgs.isMember(namespace.id, viewer.id);
}
