/** One audit log entry. */
export interface AuditEntry {
  /** When, as an ISO 8601 string. */
  readonly time: string;
  /** The id of the user the token acts as. */
  readonly userId: number;
  /** That user's username. */
  readonly username: string;
  /** The token's name (never its value). */
  readonly token: string;
  /** Which API was called, such as `http-api`. */
  readonly api: string;
  /** The method, such as `CreateExplicitRepoPermission`. */
  readonly method: string;
  /** Why it was logged, such as the use of the legacy `user:all` scope. */
  readonly note: string;
}

/**
 * The instance's security audit log. Sourcegraph logs every use of a legacy `user:all` token on the HTTP API;
 * tests read the entries to prove a call was (or was not) logged.
 */
export class AuditLog {
  readonly #entries: AuditEntry[] = [];
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** The entries, oldest first. */
  get entries(): readonly AuditEntry[] {
    return this.#entries;
  }

  /** Appends an entry stamped with the current time. */
  record(entry: Omit<AuditEntry, "time">): void {
    this.#entries.push({ time: this.#now().toISOString(), ...entry });
  }

  /** Empties the log. */
  clear(): void {
    this.#entries.length = 0;
  }
}
