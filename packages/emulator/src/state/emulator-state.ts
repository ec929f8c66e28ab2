import { type BindIDMode, OrgDirectory, TokenStore, type User, UserDirectory } from "./accounts.js";
import { AuditLog } from "./audit-log.js";
import { CallCounters } from "./call-counters.js";
import { ExplicitPermissions } from "./explicit-permissions.js";
import { PendingPermissions } from "./pending-permissions.js";
import { PermissionWriteLog } from "./permission-write-log.js";
import { type Repository, RepositoryCatalog } from "./repository-catalog.js";
import {
  GLOBAL_SEARCH_CONTEXT,
  GLOBAL_SEARCH_CONTEXT_NAME,
  type SearchContext,
  type SearchContextNamespace,
  SearchContextStore,
} from "./search-contexts.js";
import { SubRepoPermissions } from "./sub-repo-permissions.js";

/** A user's or an org's namespace, found by its name (users and orgs share one set of names). */
export type NamedNamespace =
  | { readonly kind: "user"; readonly id: number; readonly name: string }
  | { readonly kind: "org"; readonly id: number; readonly name: string };

/** What {@link EmulatorState.replaceRepositoryPermissions} did. */
export interface ReplacedPermissions {
  /** The users the repository's explicit ACL now holds, by id. */
  readonly userIds: number[];
  /** The bindIDs that name no user: now the repository's pending permissions, sorted. */
  readonly pendingBindIDs: string[];
  /** The bindIDs that were dropped because they were blank. */
  readonly blankBindIDs: number;
}

/** Options of a new, empty state. */
export interface EmulatorStateOptions {
  /** Whether the instance has the "Explicit Permissions API" license feature. Default true. */
  readonly license?: boolean;
  /** How legacy bindIDs name users. Default `"username"`. */
  readonly bindID?: BindIDMode;
  /** The clock of the audit log and of every `updatedAt`. */
  readonly now?: () => Date;
}

/**
 * The one state of an emulated instance, shared by every API the emulator serves (the explicit permissions
 * HTTP API today; GraphQL and streaming search read and write the same objects), so that what one API
 * changes the others see.
 *
 * Tests may read and change it directly, e.g. `state.license = false` or
 * `state.permissions.has(repositoryId, userId)`.
 */
export class EmulatorState {
  /**
   * The users, by id, username and (case-sensitive) email. Adding one (`state.users.add(user)` or
   * `state.addUser(user)`) applies the permissions pending for its bindID.
   */
  readonly users = new UserDirectory((user) => this.#applyPending(user));
  /** The organizations and their members. */
  readonly orgs = new OrgDirectory();
  /** The repositories, by id and name, with their files. */
  readonly repositories = new RepositoryCatalog();
  /** The access tokens. */
  readonly tokens = new TokenStore();
  /**
   * Every pair actually added to or removed from `permissions`, by any API or by a test (`writes.added(r, u)`,
   * `removed`, `entries()`, `reset()`), so a test can prove no write was applied twice. `startEmulator` empties
   * it once the seed is loaded.
   */
  readonly writes = new PermissionWriteLog();
  /** The explicit permissions: (repository id, user id) pairs, shared by the HTTP API and GraphQL. */
  readonly permissions: ExplicitPermissions;
  /** Permissions waiting for a user who does not exist yet, by bindID. */
  readonly pendingPermissions = new PendingPermissions();
  /** Sub-repository path rules per (repository, user). */
  readonly subRepoPermissions = new SubRepoPermissions();
  /** The search contexts. */
  readonly searchContexts: SearchContextStore;
  /** The security audit log (uses of legacy `user:all` tokens). */
  readonly audit: AuditLog;
  /** Calls received per method. */
  readonly counters = new CallCounters();
  /** Whether the instance has the "Explicit Permissions API" license feature. */
  license: boolean;
  /** How legacy bindIDs name users (`permissions.userMapping.bindID`). */
  bindID: BindIDMode;

  readonly #now: () => Date;

  constructor(options: EmulatorStateOptions = {}) {
    this.license = options.license ?? true;
    this.bindID = options.bindID ?? "username";
    this.#now = options.now ?? (() => new Date());
    this.audit = new AuditLog(this.#now);
    this.permissions = new ExplicitPermissions(this.#now, this.writes);
    this.searchContexts = new SearchContextStore(this.#now);
  }

  /** The state's clock. */
  now(): Date {
    return this.#now();
  }

  /**
   * Adds a user and turns the permissions pending for its bindID (its username or email, per `bindID`) into
   * explicit permissions, as Sourcegraph does when a pending user signs up. Returns the repository ids that
   * were granted that way. (`state.users.add(user)` does the same without the answer.)
   */
  addUser(user: User): number[] {
    const bindID = this.bindIDOf(user);
    const pending = bindID === undefined ? [] : this.pendingPermissions.repositoriesOf(bindID);
    this.users.add(user);
    return pending;
  }

  /** The user's bindID under the instance's mode: its username, or its email (undefined when it has none). */
  bindIDOf(user: User): string | undefined {
    return this.bindID === "email" ? user.email : user.username;
  }

  /**
   * Replaces a repository's whole ACL in one step, as GraphQL's `setRepositoryPermissionsForUsers` does:
   * bindIDs are resolved under the instance's mode (emails case-sensitively); blank ones (empty or whitespace)
   * are dropped; those naming a user become the explicit ACL, the others the repository's pending permissions.
   * Explicit grants and pending bindIDs not listed are removed. Nothing can fail half-way: it all happens in
   * one synchronous step.
   */
  replaceRepositoryPermissions(repositoryId: number, bindIDs: Iterable<string>): ReplacedPermissions {
    const userIds = new Set<number>();
    const pending = new Set<string>();
    let blankBindIDs = 0;
    for (const bindID of bindIDs) {
      if (bindID.trim() === "") {
        blankBindIDs++;
        continue;
      }
      const user = this.users.byBindID(bindID, this.bindID);
      if (user) userIds.add(user.id);
      else pending.add(bindID);
    }
    this.permissions.replaceUsersOf(repositoryId, userIds);
    this.pendingPermissions.replaceBindIDsOf(repositoryId, pending);
    return {
      userIds: [...userIds].sort((a, b) => a - b),
      pendingBindIDs: [...pending].sort(),
      blankBindIDs,
    };
  }

  /**
   * Whether a repository is visible to a user (undefined: an anonymous visitor). The emulator's repositories
   * are private: a repository is visible to site admins, to users with an explicit permission on it, and to
   * everyone (anonymous visitors included) when it is unrestricted.
   */
  canSeeRepository(repository: Repository, user: User | undefined): boolean {
    if (repository.unrestricted) return true;
    if (!user) return false;
    return user.siteAdmin || this.permissions.has(repository.id, user.id);
  }

  /** The user or org with this name (they share one set of names). */
  namespaceByName(name: string): NamedNamespace | undefined {
    const user = this.users.byUsername(name);
    if (user) return { kind: "user", id: user.id, name: user.username };
    const org = this.orgs.byName(name);
    return org && { kind: "org", id: org.id, name: org.name };
  }

  /** The name of a namespace: a username or an org name; undefined for the global namespace. */
  namespaceName(namespace: SearchContextNamespace): string | undefined {
    if (!namespace) return undefined;
    return namespace.kind === "user"
      ? this.users.byId(namespace.id)?.username
      : this.orgs.byId(namespace.id)?.name;
  }

  /** A context's spec: `@user/name`, `@org/name`, or `name` for a global context. */
  searchContextSpec(context: Pick<SearchContext, "namespace" | "name">): string {
    const namespace = this.namespaceName(context.namespace);
    return namespace === undefined ? context.name : `@${namespace}/${context.name}`;
  }

  /**
   * The context a spec names (`@alice/ctx`, `@acme/ctx`, `ctx` for a global one, `global` for the auto-defined
   * {@link GLOBAL_SEARCH_CONTEXT}), or undefined. The
   * namespace is everything between `@` and the first `/` (context names may hold `/`).
   */
  searchContextBySpec(spec: string): SearchContext | undefined {
    // As Sourcegraph's ResolveSearchContextSpec: "global" (and an empty spec) is the auto-defined context.
    if (spec === "" || spec === GLOBAL_SEARCH_CONTEXT_NAME) return GLOBAL_SEARCH_CONTEXT;
    if (!spec.startsWith("@")) return this.searchContexts.byName(null, spec);
    const slash = spec.indexOf("/");
    if (slash < 0) return undefined;
    const namespace = this.namespaceByName(spec.slice(1, slash));
    return (
      namespace &&
      this.searchContexts.byName({ kind: namespace.kind, id: namespace.id }, spec.slice(slash + 1))
    );
  }

  // Turns the permissions pending for a new user's bindID into explicit ones.
  #applyPending(user: User): void {
    const bindID = this.bindIDOf(user);
    if (bindID === undefined) return;
    for (const repositoryId of this.pendingPermissions.take(bindID))
      this.permissions.add(repositoryId, user.id);
  }
}
