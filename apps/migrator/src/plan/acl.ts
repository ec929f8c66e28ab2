import { createHash } from "node:crypto";
import { type PermissionsClient, parseResourceName } from "@sgkit/permissions";
import { type CallSlots, createCallSlots } from "../concurrency.js";
import { MigratorError } from "../migrator-error.js";

// One repository's explicit ACL as user ids: read from the instance, fingerprinted for the plan, and diffed
// against the desired one.

/** The page size of ACL listings: the server caps it, and fewer pages mean fewer calls. */
export const LIST_PAGE_SIZE = 1000;

/**
 * The user ids of a repository's explicit ACL, read with the HTTP API's List (one call per page of
 * {@link LIST_PAGE_SIZE}).
 *
 * @throws {MigratorError} when the server names a user other than by numeric id, against the API's promise: the
 *   ids are what plans compare and act on.
 */
export async function readCurrentAcl(
  client: PermissionsClient,
  repositoryId: number,
  options: { signal?: AbortSignal } = {},
): Promise<Set<number>> {
  const users = new Set<number>();
  for await (const permission of client.list(
    { parent: `repositories/${repositoryId}`, pageSize: LIST_PAGE_SIZE },
    options,
  )) {
    const { user } = parseResourceName(permission.user, "user");
    if (user.form !== "id") {
      throw new MigratorError(
        `ListExplicitRepoPermissions of repositories/${repositoryId} named a user ${JSON.stringify(permission.user)}, not by the numeric id Sourcegraph's HTTP API gives: check that SRC_ENDPOINT / --endpoint is a Sourcegraph instance.`,
      );
    }
    users.add(user.id);
  }
  return users;
}

/**
 * Reads repositories' current ACLs ({@link readCurrentAcl}) as planning, rollback and export do: in the call slots
 * the clients' requests already run in, when given (they bound the calls in flight), else each read in slots of its
 * own, `concurrency` of them.
 */
export function createAclReader(
  options: {
    readonly permissions: PermissionsClient;
    readonly slots?: CallSlots;
    readonly concurrency: number;
  },
  readOptions: { signal?: AbortSignal } = {},
): (repositoryId: number) => Promise<Set<number>> {
  const slots: Pick<CallSlots, "run"> = options.slots
    ? { run: (call) => call() }
    : createCallSlots({ ceiling: options.concurrency });
  return (repositoryId) => slots.run(() => readCurrentAcl(options.permissions, repositoryId, readOptions));
}

/**
 * A short, order-independent fingerprint of an ACL (its user ids): the hex SHA-256 of the ids ascending, one per
 * line, cut to 32 characters. Plans record it so that apply can tell whether a repository changed since it was
 * planned without keeping the whole ACL in the plan.
 */
export function aclFingerprint(userIds: Iterable<number>): string {
  const sorted = Uint32Array.from(userIds).sort();
  const hash = createHash("sha256");
  for (const id of sorted) hash.update(`${id}\n`);
  return hash.digest("hex").slice(0, 32);
}

/** What it takes to turn one ACL into another. */
export interface AclDiff {
  /** Desired users the ACL lacks, ascending. */
  readonly create: number[];
  /** Users the ACL has and should not, ascending. */
  readonly delete: number[];
  /** Desired users already in the ACL. */
  readonly unchanged: number;
}

/** creates = desired − current, deletes = current − desired. */
export function diffAcl(desired: ReadonlySet<number>, current: ReadonlySet<number>): AclDiff {
  const create: number[] = [];
  let unchanged = 0;
  for (const user of desired) {
    if (current.has(user)) unchanged += 1;
    else create.push(user);
  }
  const remove: number[] = [];
  for (const user of current) if (!desired.has(user)) remove.push(user);
  return { create: create.sort(ascending), delete: remove.sort(ascending), unchanged };
}

function ascending(a: number, b: number): number {
  return a - b;
}
