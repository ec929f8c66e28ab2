import { AuditLog } from "./audit-log.js";
import { CallCounters } from "./call-counters.js";
import { ExplicitPermissions } from "./explicit-permissions.js";
import { OrgDirectory } from "./org-directory.js";
import { PendingPermissions } from "./pending-permissions.js";
import { RepositoryCatalog } from "./repository-catalog.js";
import { TokenStore } from "./token-store.js";
import { type BindIDMode, type User, UserDirectory } from "./user-directory.js";

/** Options of a new, empty state. */
export interface EmulatorStateOptions {
  /** Whether the instance has the "Explicit Permissions API" license feature. Default true. */
  readonly license?: boolean;
  /** How legacy bindIDs name users. Default `"username"`. */
  readonly bindID?: BindIDMode;
  /** The clock of the audit log. */
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
  /** The users, by id, username and (case-sensitive) email. */
  readonly users = new UserDirectory();
  /** The organizations and their members. */
  readonly orgs = new OrgDirectory();
  /** The repositories, by id and name, with their files. */
  readonly repositories = new RepositoryCatalog();
  /** The access tokens. */
  readonly tokens = new TokenStore();
  /** The explicit permissions: (repository id, user id) pairs. */
  readonly permissions = new ExplicitPermissions();
  /** Permissions waiting for a user who does not exist yet, by bindID. */
  readonly pendingPermissions = new PendingPermissions();
  /** The security audit log (uses of legacy `user:all` tokens). */
  readonly audit: AuditLog;
  /** Calls received per method. */
  readonly counters = new CallCounters();
  /** Whether the instance has the "Explicit Permissions API" license feature. */
  license: boolean;
  /** How legacy bindIDs name users (`permissions.userMapping.bindID`). */
  bindID: BindIDMode;

  constructor(options: EmulatorStateOptions = {}) {
    this.license = options.license ?? true;
    this.bindID = options.bindID ?? "username";
    this.audit = new AuditLog(options.now);
  }

  /**
   * Adds a user and turns the permissions pending for its bindID (its username or email, per `bindID`) into
   * explicit permissions, as Sourcegraph does when a pending user signs up. Returns the repository ids that
   * were granted that way.
   */
  addUser(user: User): number[] {
    this.users.add(user);
    const bindID = this.bindID === "email" ? user.email : user.username;
    if (bindID === undefined) return [];
    const granted = this.pendingPermissions.take(bindID);
    for (const repositoryId of granted) this.permissions.add(repositoryId, user.id);
    return granted;
  }
}
