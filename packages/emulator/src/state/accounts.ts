// Who is on the instance: its users, its organizations (whose names share one namespace with usernames), and
// the access tokens that act as users.
//
// Usernames, emails and organization names are compared case-insensitively, as Sourcegraph's database does: its
// `users.username`, `user_emails.email` and `orgs.name` columns are `citext` (public source,
// `internal/database/schema.md`). Each is kept as given and found from any case; two that differ only in case are
// the same name.

/** The key a case-insensitive (`citext`) column compares: the text in lower case. */
export function citextKey(text: string): string {
  return text.toLowerCase();
}

/** How a legacy bindID names a user: by username, or by (verified) email, per `permissions.userMapping.bindID`. */
export type BindIDMode = "username" | "email";

/** A user of the emulated instance. */
export interface User {
  /** The numeric id, as in `users/456`. */
  readonly id: number;
  /** The username, as in `users/@alice`. Kept as given; matched in any case. */
  readonly username: string;
  /** The (verified) email, as in `users/alice@example.com`. Kept as given; matched in any case (`citext`). */
  readonly email: string | undefined;
  /** Whether the user is a site admin. */
  readonly siteAdmin: boolean;
  /** The user's RBAC permissions, such as `REPO_PERMISSIONS#READ`. */
  readonly rbac: ReadonlySet<string>;
}

/**
 * The users, looked up by id, username or email.
 *
 * Users may be added while the emulator runs (`state.users.add(...)`, or `state.addUser(...)` which also says
 * what it granted): the state listens for additions and applies the permissions pending for the new user's
 * bindID, as Sourcegraph does when a pending user signs up.
 */
export class UserDirectory {
  readonly #byId = new Map<number, User>();
  readonly #byUsername = new Map<string, User>();
  readonly #byEmail = new Map<string, User>();
  readonly #onAdded: ((user: User) => void) | undefined;

  /** @param onAdded - called after each addition (the state applies pending permissions there). */
  constructor(onAdded?: (user: User) => void) {
    this.#onAdded = onAdded;
  }

  /** How many users there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds a user; throws when its id, username or email is taken (in any case). */
  add(user: User): void {
    if (this.#byId.has(user.id)) throw new Error(`user id ${user.id} is taken`);
    const taken = this.#byUsername.get(citextKey(user.username));
    if (taken) {
      throw new Error(
        `username ${JSON.stringify(user.username)} is taken${taken.username === user.username ? "" : ` (by ${JSON.stringify(taken.username)}: usernames are case-insensitive)`}`,
      );
    }
    const takenEmail = user.email === undefined ? undefined : this.#byEmail.get(citextKey(user.email));
    if (user.email !== undefined && takenEmail) {
      throw new Error(
        `email ${JSON.stringify(user.email)} is taken${takenEmail.email === user.email ? "" : ` (by ${JSON.stringify(takenEmail.email)}: emails are case-insensitive)`}`,
      );
    }
    this.#byId.set(user.id, user);
    this.#byUsername.set(citextKey(user.username), user);
    if (user.email !== undefined) this.#byEmail.set(citextKey(user.email), user);
    this.#onAdded?.(user);
  }

  /** The user with this id. */
  byId(id: number): User | undefined {
    return this.#byId.get(id);
  }

  /** The user with this username, in any case (`ALICE` finds `alice`). */
  byUsername(username: string): User | undefined {
    return this.#byUsername.get(citextKey(username));
  }

  /** The user with this email, in any case (`citext`, as GraphQL's `user(email:)` finds it). */
  byEmail(email: string): User | undefined {
    return this.#byEmail.get(citextKey(email));
  }

  /**
   * The user with exactly this email, case included: for an API whose documentation says emails are
   * case-sensitive (the HTTP API's `users/{email}`), so a strict emulator does not accept what it may refuse.
   */
  byExactEmail(email: string): User | undefined {
    const user = this.byEmail(email);
    return user?.email === email ? user : undefined;
  }

  /**
   * The user a legacy bindID names under the instance's bindID mode, matched exactly, case included: the
   * documentation says bindID emails are case-sensitive ("it should be exactly the same as set on the
   * Sourcegraph UI"); usernames are kept exact too (inferred: the server maps bindIDs in bulk, comparing them
   * as text). A bindID differing in case from every user stays pending.
   */
  byBindID(bindID: string, mode: BindIDMode): User | undefined {
    if (mode === "email") return this.byExactEmail(bindID);
    const user = this.byUsername(bindID);
    return user?.username === bindID ? user : undefined;
  }

  /** The next free id: one above the largest. */
  nextId(): number {
    return Math.max(0, ...this.#byId.keys()) + 1;
  }

  /** Every user, by id. */
  all(): User[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }
}

/** An organization: a namespace (for search contexts) with members. */
export interface Org {
  /** The numeric id. */
  readonly id: number;
  /** The name, as in `@acme/context`. Orgs and users share one namespace. */
  readonly name: string;
  /** The ids of its members. */
  readonly memberIds: ReadonlySet<number>;
}

/** The organizations, looked up by id or name. */
export class OrgDirectory {
  readonly #byId = new Map<number, Org>();
  readonly #byName = new Map<string, Org>();

  /** How many organizations there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds an organization; throws when its id or name is taken (in any case). */
  add(org: Org): void {
    if (this.#byId.has(org.id)) throw new Error(`org id ${org.id} is taken`);
    if (this.#byName.has(citextKey(org.name)))
      throw new Error(`org name ${JSON.stringify(org.name)} is taken`);
    this.#byId.set(org.id, org);
    this.#byName.set(citextKey(org.name), org);
  }

  /** The organization with this id. */
  byId(id: number): Org | undefined {
    return this.#byId.get(id);
  }

  /** The organization with this name, in any case. */
  byName(name: string): Org | undefined {
    return this.#byName.get(citextKey(name));
  }

  /** Whether the user is a member of the organization (false when there is no such organization). */
  isMember(orgId: number, userId: number): boolean {
    return this.#byId.get(orgId)?.memberIds.has(userId) ?? false;
  }

  /** The organizations the user belongs to, by id. */
  orgsOf(userId: number): Org[] {
    return this.all().filter((org) => org.memberIds.has(userId));
  }

  /** Every organization, by id. */
  all(): Org[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }
}

/** An access token of the emulated instance. */
export interface AccessToken {
  /** The name tests and the CLI know it by, such as `admin`. */
  readonly name: string;
  /**
   * The secret value: sent as `Authorization: token <value>` to GraphQL and streaming search, and as
   * `Authorization: Bearer <value>` to the `/api/` HTTP API.
   */
  readonly value: string;
  /** The id of the user the token acts as. */
  readonly userId: number;
  /**
   * A personal access token (the default) or an OAuth token: GraphQL and streaming search take only OAuth tokens
   * as `Bearer <value>` (a personal one sent so is ignored, as Sourcegraph's server ignores the scheme).
   */
  readonly kind?: "personal" | "oauth";
  /**
   * Its scopes: `user:all` (needed by GraphQL and streaming search, accepted and audit-logged by the `/api/` HTTP
   * API), `site-admin:sudo` (`token-sudo`), `externalapi:read` and `externalapi:write` (the `/api/` HTTP API only).
   */
  readonly scopes: ReadonlySet<string>;
}

/** The access tokens, looked up by value (authentication) or by name (tests). */
export class TokenStore {
  readonly #byValue = new Map<string, AccessToken>();
  readonly #byName = new Map<string, AccessToken>();

  /** Adds a token; throws when its name or value is taken. */
  add(token: AccessToken): void {
    // Never put a token value in an error message: it could end up in a log.
    if (this.#byValue.has(token.value))
      throw new Error(`token ${JSON.stringify(token.name)} has a duplicate value`);
    if (this.#byName.has(token.name)) throw new Error(`token name ${JSON.stringify(token.name)} is taken`);
    this.#byValue.set(token.value, token);
    this.#byName.set(token.name, token);
  }

  /** The token with this secret value. */
  byValue(value: string): AccessToken | undefined {
    return this.#byValue.get(value);
  }

  /** The token with this name. */
  byName(name: string): AccessToken | undefined {
    return this.#byName.get(name);
  }

  /** Every token, in the order they were added. */
  all(): AccessToken[] {
    return [...this.#byName.values()];
  }
}
