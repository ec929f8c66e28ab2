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
