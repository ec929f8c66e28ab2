import type { BindIDMode } from "../state/accounts.js";

/** A user, named in other parts of the seed by its numeric id or its username. */
export type SeedUserRef = number | string;

/** A repository, named in other parts of the seed by its numeric id or its name. */
export type SeedRepositoryRef = number | string;

/** A user of the seed. */
export interface SeedUser {
  /** A positive integer (at most 2^31 - 1), unique: the `456` of `users/456`. */
  readonly id: number;
  /** Unique, matched exactly: letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
  readonly username: string;
  /** Unique, case-sensitive; must contain `@` after its first character and no `/` or whitespace. */
  readonly email?: string;
  /** Default false. */
  readonly siteAdmin?: boolean;
  /**
   * RBAC permissions such as `REPO_PERMISSIONS#READ` and `REPO_PERMISSIONS#WRITE`. Default: both of those for a
   * site admin, none otherwise. The HTTP API checks them for site admins too.
   */
  readonly rbac?: readonly string[];
}

/** An organization of the seed. */
export interface SeedOrg {
  /** A positive integer, unique among orgs. */
  readonly id: number;
  /** Unique among orgs and usernames (they share one namespace). */
  readonly name: string;
  /** Its members. */
  readonly members?: readonly SeedUserRef[];
}

/** A repository of the seed. */
export interface SeedRepository {
  /** A positive integer (at most 2^31 - 1), unique: the `123` of `repositories/123`. */
  readonly id: number;
  /** Unique, such as `github.com/acme/api`. */
  readonly name: string;
  /** Its files, relative path → content (for search). Paths do not start with `/` and hold no `..` segment. */
  readonly files?: Readonly<Record<string, string>>;
  /** Readable by every user whatever the permissions. Default false. */
  readonly unrestricted?: boolean;
}

/** An access token of the seed. */
export interface SeedToken {
  /** Unique; the key of the token in `emulator.tokens`. */
  readonly name: string;
  /** The user the token acts as. */
  readonly user: SeedUserRef;
  /** Scopes, such as `externalapi:read`, `externalapi:write` or the legacy `user:all`. */
  readonly scopes: readonly string[];
  /** The secret value, unique and without whitespace. Default: a fresh random `sgp_local_<40 hex>`. */
  readonly value?: string;
  /**
   * `"personal"` (default): a personal access token, which GraphQL and streaming search take as
   * `Authorization: token <t>`; sent there as `Bearer <t>` it is ignored and the request is anonymous, as on
   * Sourcegraph's server. `"oauth"`: an OAuth token, which GraphQL and streaming search also take as
   * `Bearer <t>` (the emulator's model of OAuth). The `/api/` HTTP API takes both as `Bearer <t>`.
   */
  readonly kind?: "personal" | "oauth";
}

/** An explicit permission of the seed: the user may read the repository. */
export interface SeedPermission {
  readonly repository: SeedRepositoryRef;
  readonly user: SeedUserRef;
}

/** A permission pending for a user who does not exist yet. */
export interface SeedPendingPermission {
  /** A username or an email, per the seed's `bindID` mode. */
  readonly bindID: string;
  readonly repository: SeedRepositoryRef;
}

/** A repository of a seeded search context, with the revisions to search. */
export interface SeedSearchContextRepository {
  readonly repository: SeedRepositoryRef;
  /** At least one revision, such as `HEAD` or `main`. */
  readonly revisions: readonly string[];
}

/** A search context of the seed. */
export interface SeedSearchContext {
  /** 1 to 32 letters, digits, `_`, `-`, `/` or `.`; unique within its namespace. */
  readonly name: string;
  /** The username or org name that owns it; absent or `null` for a global context. */
  readonly namespace?: string | null;
  /** Default empty; at most 1024 characters. */
  readonly description?: string;
  /** Readable by everyone, anonymous visitors included. Default false. */
  readonly public?: boolean;
  /** A search query defining the context. Default empty. */
  readonly query?: string;
  /** Default none. */
  readonly repositories?: readonly SeedSearchContextRepository[];
  /** An ISO 8601 time. Default: when the seed is loaded. */
  readonly updatedAt?: string;
}

/** Sub-repository rules of a user on a repository (GraphQL's `setSubRepositoryPermissionsForUsers`). */
export interface SeedSubRepoPermission {
  readonly repository: SeedRepositoryRef;
  readonly user: SeedUserRef;
  /** Path globs in order; a leading `-` denies; later entries override earlier ones; unmatched paths are denied. */
  readonly paths: readonly string[];
}

/**
 * An emulated instance: what `startEmulator({ seed })` and `sgkit-emulator --seed file.json` load. Every part is
 * optional; a missing list is empty.
 */
export interface EmulatorSeed {
  /** The "Explicit Permissions API" license feature. Default true. */
  readonly license?: boolean;
  /** How legacy bindIDs name users (`permissions.userMapping.bindID`). Default `"username"`. */
  readonly bindID?: BindIDMode;
  readonly users?: readonly SeedUser[];
  readonly orgs?: readonly SeedOrg[];
  readonly repositories?: readonly SeedRepository[];
  readonly tokens?: readonly SeedToken[];
  readonly permissions?: readonly SeedPermission[];
  /** Applied at once when a user matches the bindID. */
  readonly pendingPermissions?: readonly SeedPendingPermission[];
  readonly subRepoPermissions?: readonly SeedSubRepoPermission[];
  readonly searchContexts?: readonly SeedSearchContext[];
}
