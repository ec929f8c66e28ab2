import type { User } from "./accounts.js";
import type { EmulatorState } from "./emulator-state.js";

/** Where a search context lives: a user's or an org's namespace, or `null` for a global (instance-wide) one. */
export type SearchContextNamespace = { readonly kind: "user" | "org"; readonly id: number } | null;

/** A repository of a search context, with the revisions to search. */
export interface SearchContextRepository {
  readonly repositoryId: number;
  readonly revisions: readonly string[];
}

/** What a search context holds besides its id and timestamp. */
export interface SearchContextFields {
  /** Unique within its namespace; see `searchContextNameProblem`. */
  readonly name: string;
  readonly description: string;
  /** Public contexts are readable by everyone, anonymous visitors included. */
  readonly public: boolean;
  readonly namespace: SearchContextNamespace;
  /** A search query defining the context (may be empty). */
  readonly query: string;
  readonly repositories: readonly SearchContextRepository[];
}

/** A search context. Immutable: an update replaces the object. */
export interface SearchContext extends SearchContextFields {
  /** An internal numeric id, stable across renames (the GraphQL node ID is keyed by the spec instead). */
  readonly id: number;
  readonly updatedAt: Date;
  /** True only for the auto-defined `global` context ({@link GLOBAL_SEARCH_CONTEXT}); seeded and created ones are false. */
  readonly autoDefined: boolean;
}

/**
 * The search contexts, looked up by internal id or by (namespace, name). Names are unique per namespace.
 * Specs (`@alice/ctx`, `@acme/ctx`, `ctx`) need namespace names, so the state resolves them
 * (`state.searchContextSpec`, `state.searchContextBySpec`).
 */
export class SearchContextStore {
  readonly #byId = new Map<number, SearchContext>();
  readonly #byKey = new Map<string, SearchContext>();
  readonly #now: () => Date;
  #nextId = 1;

  /** @param now - the clock that stamps `updatedAt`. */
  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** How many contexts there are. */
  get size(): number {
    return this.#byId.size;
  }

  /**
   * Adds a context stamped now (or at `updatedAt`); throws when its namespace already has a context of that
   * name.
   */
  add(fields: SearchContextFields, updatedAt: Date = this.#now()): SearchContext {
    const key = keyOf(fields.namespace, fields.name);
    if (this.#byKey.has(key)) throw new Error(`search context name ${JSON.stringify(fields.name)} is taken`);
    const context = freeze({ ...fields, id: this.#nextId++, updatedAt, autoDefined: false });
    this.#byId.set(context.id, context);
    this.#byKey.set(key, context);
    return context;
  }

  /**
   * Replaces every field of a context but its namespace, which cannot change, and stamps it now. Throws when
   * there is no such context or the new name is taken in its namespace.
   */
  update(id: number, fields: Omit<SearchContextFields, "namespace">): SearchContext {
    const old = this.#byId.get(id);
    if (!old) throw new Error(`search context ${id} does not exist`);
    const key = keyOf(old.namespace, fields.name);
    const clash = this.#byKey.get(key);
    if (clash && clash.id !== id)
      throw new Error(`search context name ${JSON.stringify(fields.name)} is taken`);
    const context = freeze({ ...old, ...fields, namespace: old.namespace, updatedAt: this.#now() });
    this.#byKey.delete(keyOf(old.namespace, old.name));
    this.#byId.set(id, context);
    this.#byKey.set(key, context);
    return context;
  }

  /** Removes a context; returns false when there was none. */
  delete(id: number): boolean {
    const context = this.#byId.get(id);
    if (!context) return false;
    this.#byId.delete(id);
    this.#byKey.delete(keyOf(context.namespace, context.name));
    return true;
  }

  /** The context with this internal id. */
  byId(id: number): SearchContext | undefined {
    return this.#byId.get(id);
  }

  /** The context of this namespace with exactly this name. */
  byName(namespace: SearchContextNamespace, name: string): SearchContext | undefined {
    return this.#byKey.get(keyOf(namespace, name));
  }

  /** Every context, by internal id. */
  all(): SearchContext[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }
}

function keyOf(namespace: SearchContextNamespace, name: string): string {
  return `${namespace ? `${namespace.kind}:${namespace.id}` : "global"}/${name}`;
}

function freeze(context: SearchContext): SearchContext {
  return Object.freeze({
    ...context,
    namespace: context.namespace && Object.freeze({ ...context.namespace }),
    repositories: Object.freeze(
      context.repositories.map((repository) =>
        Object.freeze({
          repositoryId: repository.repositoryId,
          revisions: Object.freeze([...repository.revisions]),
        }),
      ),
    ),
  });
}

/** The longest search context name Sourcegraph accepts. */
export const MAX_SEARCH_CONTEXT_NAME_LENGTH = 32;
/** The longest search context description Sourcegraph accepts. */
export const MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH = 1024;

const NAME = /^[a-zA-Z0-9_\-/.]+$/;

/**
 * What is wrong with a search context name, or undefined when it is valid: Sourcegraph's rule (from its source)
 * is 1 to 32 characters among letters, digits, `_`, `-`, `/` and `.`.
 */
export function searchContextNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (name.length > MAX_SEARCH_CONTEXT_NAME_LENGTH) {
    return `must be at most ${MAX_SEARCH_CONTEXT_NAME_LENGTH} characters, got ${name.length}`;
  }
  if (!NAME.test(name))
    return `may hold only letters, digits, "_", "-", "/" and ".", got ${JSON.stringify(name)}`;
  return undefined;
}

/** The name of the auto-defined context that searches every repository; no context can be created with it. */
export const GLOBAL_SEARCH_CONTEXT_NAME = "global";

/**
 * The auto-defined `global` context, as Sourcegraph's server makes it up: not stored (its internal id is 0), public,
 * without a namespace, query or repositories, `updatedAt` the Unix epoch. Public source:
 * internal/search/searchcontexts/search_contexts.go (`GetGlobalSearchContext`, "All repositories on Sourcegraph")
 * and internal/database/search_contexts.go (the listing query's `0 as id, 'global' as context_name, ...` row,
 * "added here for the sake of pagination", ordered first by `autodefined DESC`).
 */
export const GLOBAL_SEARCH_CONTEXT: SearchContext = Object.freeze({
  id: 0,
  name: GLOBAL_SEARCH_CONTEXT_NAME,
  namespace: null,
  description: "All repositories on Sourcegraph",
  public: true,
  query: "",
  repositories: Object.freeze([]) as readonly SearchContextRepository[],
  updatedAt: new Date(0),
  autoDefined: true,
});

/**
 * Whether a user (undefined: an anonymous visitor) may read a search context, by spec, by node ID or in the
 * listing: public contexts are readable by everyone, anonymous visitors included; a private context of a user
 * only by that user, a private context of an org only by the org's members, and a private instance-level
 * (global-namespace) context only by site admins. Being a site admin grants nothing more: a site admin does not
 * read another user's private context, nor a private context of an org it is not a member of.
 *
 * Public source (sourcegraph/sourcegraph-public-snapshot, newest internal/database/search_contexts.go,
 * `searchContextsPermissionsCondition` and `searchContextsPermissionsConditionFmtStr`): the check is bypassed
 * only for internal actors (`bypassPermissionsCheck := a.Internal`); the site-admin clause is limited to
 * `namespace_user_id IS NULL AND namespace_org_id IS NULL`. Older versions also bypassed it for site admins
 * (`bypassPermissionsCheck = currentUser.SiteAdmin`); that was removed in 2021 (PR #20347, "restrict site-admin
 * access for private search contexts").
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

/** The message of a context that does not exist or that the viewer may not read: it names no spec. */
const SEARCH_CONTEXT_NOT_FOUND = "search context not found";
/** The message of a spec whose namespace (`@name/...`) is no user or org. */
const SEARCH_CONTEXT_NAMESPACE_NOT_FOUND = "get namespace by name: namespace not found";

/** A spec taken apart as Sourcegraph does: the namespace name and the context name, each possibly empty. */
export interface ParsedSearchContextSpec {
  readonly namespaceName: string;
  readonly name: string;
}

// Go's `@(.*?)\/(.*)`, unanchored (FindStringSubmatch), where `.` is anything but a newline.
const NAMESPACED_SPEC = /@([^\n]*?)\/([^\n]*)/;

/**
 * A spec as Sourcegraph reads it (public source, internal/search/searchcontexts/search_contexts.go,
 * `ParseSearchContextSpec`): `@ns/name` (the namespace up to the first `/`, so names may hold `/`), `@ns` alone,
 * or `name` (a global, instance-level context).
 */
export function parseSearchContextSpec(spec: string): ParsedSearchContextSpec {
  const match = NAMESPACED_SPEC.exec(spec);
  if (match) return { namespaceName: match[1] ?? "", name: match[2] ?? "" };
  if (spec.startsWith("@")) return { namespaceName: spec.slice(1), name: "" };
  return { namespaceName: "", name: spec };
}

/** What resolving a spec gives: the context, or the error message Sourcegraph answers instead. */
export type SearchContextResolution =
  | { readonly searchContext: SearchContext; readonly error?: undefined }
  | { readonly searchContext?: undefined; readonly error: string };

/**
 * The context a spec names for a viewer, or the message Sourcegraph answers when there is none, in its order and
 * words (public source, sourcegraph/sourcegraph-public-snapshot: internal/search/searchcontexts/search_contexts.go
 * `ResolveSearchContextSpec`, which serves `searchContextBySpec`, `node(id:)`, `updateSearchContext` and
 * `deleteSearchContext`; internal/database/search_contexts.go `GetSearchContext`; internal/database/errors.go
 * `resourceNotFoundError`; internal/database/namespaces.go `ErrNamespaceNotFound`):
 *
 * - `""` and `global`: the auto-defined {@link GLOBAL_SEARCH_CONTEXT};
 * - an `@ns` that is no user or org: `get namespace by name: namespace not found`;
 * - `@ns` (or `@ns/`) without a context name: `search context "@ns" not found`, the only message naming the spec
 *   (Go's `%q`; JSON quoting is the same for printable text);
 * - otherwise the context of that namespace (or the global one) and name when the viewer may read it (see
 *   {@link canReadSearchContext}), else `search context not found`: a context the viewer may not read is answered
 *   as one that does not exist, so its existence does not leak.
 */
export function resolveSearchContextSpec(
  state: EmulatorState,
  viewer: User | undefined,
  spec: string,
): SearchContextResolution {
  if (spec === "" || spec === GLOBAL_SEARCH_CONTEXT_NAME) return { searchContext: GLOBAL_SEARCH_CONTEXT };
  const parsed = parseSearchContextSpec(spec);
  let namespace: SearchContextNamespace = null;
  if (parsed.namespaceName !== "") {
    const named = state.namespaceByName(parsed.namespaceName);
    if (!named) return { error: SEARCH_CONTEXT_NAMESPACE_NOT_FOUND };
    if (parsed.name === "") return { error: `search context ${JSON.stringify(spec)} not found` };
    namespace = { kind: named.kind, id: named.id };
  }
  const searchContext = state.searchContexts.byName(namespace, parsed.name);
  return searchContext && canReadSearchContext(state, viewer, searchContext)
    ? { searchContext }
    : { error: SEARCH_CONTEXT_NOT_FOUND };
}

/**
 * Why a user (undefined: an anonymous visitor) may not create, change or delete a search context with this
 * namespace and visibility, or undefined when it may. The rule and the messages are Sourcegraph's (public source,
 * internal/search/searchcontexts/search_contexts.go, `ValidateSearchContextWriteAccessForCurrentUser`): site
 * admins may write every public context and every global context; a user may write the contexts of its own
 * namespace and of the orgs it belongs to. Anonymous visitors write nothing.
 */
export function searchContextWriteProblem(
  state: EmulatorState,
  viewer: User | undefined,
  context: Pick<SearchContext, "namespace" | "public">,
): string | undefined {
  if (!viewer) return "current user not found";
  const { namespace } = context;
  if (viewer.siteAdmin && (context.public || namespace === null)) return undefined;
  if (namespace === null) return "current user must be site-admin";
  if (namespace.kind === "user") {
    return namespace.id === viewer.id ? undefined : "search context user does not match current user";
  }
  return state.orgs.isMember(namespace.id, viewer.id) ? undefined : "current user is not an org member";
}
