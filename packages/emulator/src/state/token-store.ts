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
