// Who is on the instance: its users, its organizations (whose names share one namespace with usernames), and
// the access tokens that act as users.

/** How a legacy bindID names a user: by username, or by (verified) email, per `permissions.userMapping.bindID`. */
export type BindIDMode = "username" | "email";

/** A user of the emulated instance. */
export interface User {
  /** The numeric id, as in `users/456`. */
  readonly id: number;
  /** The username, as in `users/@alice`. Matched exactly. */
  readonly username: string;
  /** The (verified) email, as in `users/alice@example.com`. Matched exactly: emails are case-sensitive. */
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

  /** Adds a user; throws when its id, username or email is taken. */
  add(user: User): void {
    if (this.#byId.has(user.id)) throw new Error(`user id ${user.id} is taken`);
    if (this.#byUsername.has(user.username))
      throw new Error(`username ${JSON.stringify(user.username)} is taken`);
    if (user.email !== undefined && this.#byEmail.has(user.email)) {
      throw new Error(`email ${JSON.stringify(user.email)} is taken`);
    }
    this.#byId.set(user.id, user);
    this.#byUsername.set(user.username, user);
    if (user.email !== undefined) this.#byEmail.set(user.email, user);
    this.#onAdded?.(user);
  }

  /** The user with this id. */
  byId(id: number): User | undefined {
    return this.#byId.get(id);
  }

  /** The user with exactly this username. */
  byUsername(username: string): User | undefined {
    return this.#byUsername.get(username);
  }

  /** The user with exactly this email (case-sensitive, as the API documents). */
  byEmail(email: string): User | undefined {
    return this.#byEmail.get(email);
  }

  /** The user a legacy bindID names under the instance's bindID mode. */
  byBindID(bindID: string, mode: BindIDMode): User | undefined {
    return mode === "email" ? this.byEmail(bindID) : this.byUsername(bindID);
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

  /** Adds an organization; throws when its id or name is taken. */
  add(org: Org): void {
    if (this.#byId.has(org.id)) throw new Error(`org id ${org.id} is taken`);
    if (this.#byName.has(org.name)) throw new Error(`org name ${JSON.stringify(org.name)} is taken`);
    this.#byId.set(org.id, org);
    this.#byName.set(org.name, org);
  }

  /** The organization with this id. */
  byId(id: number): Org | undefined {
    return this.#byId.get(id);
  }

  /** The organization with exactly this name. */
  byName(name: string): Org | undefined {
    return this.#byName.get(name);
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
  /** The secret value sent as `Authorization: Bearer <value>`. */
  readonly value: string;
  /** The id of the user the token acts as. */
  readonly userId: number;
  /** Its scopes, such as `externalapi:read` or the legacy `user:all`. */
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
