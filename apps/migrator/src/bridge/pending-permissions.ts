import { constants } from "node:fs";
import { type FileHandle, open, readFile, unlink } from "node:fs/promises";
import { MigratorError } from "../migrator-error.js";
import { PRIVATE_FILE_MODE } from "../output-file.js";

// The legacy API kept a grant to a bindID no user has yet as a pending permission, applied by the server once such
// a user appears. The HTTP API names users by id, so it cannot: the bridge keeps them itself, in memory and in a
// file, and grants them when a later call names the bindID and the user exists.
//
// The file is NDJSON in the format of plan's pending file and of the migrator's inputs: each line is the ACL a
// legacy call asked for, `{"repository":"<node ID>","users":[...bindIDs]}`, for a repository whose ACL named an
// unknown user; a repository written twice: the last line wins. So it is also an input of `plan` / `apply`, to
// apply those ACLs later without the bridge. Lines are appended and synced, never rewritten.

/** One repository's pending grants. */
export interface PendingRepository {
  /** The repository's numeric id. */
  readonly repository: number;
  /** The node ID the legacy call named it by. */
  readonly node: string;
  /** The bindIDs no user had when the call came, that have not been granted since. */
  readonly bindIds: readonly string[];
}

/** See {@link openPendingPermissions}. */
export interface PendingPermissions {
  readonly path: string;
  /**
   * Records the ACL a call asked for `repository` and its unknown bindIDs, which replace the repository's earlier
   * pending ones (as the legacy mutation replaced them). Appends a line when any is or was pending.
   */
  replace(
    repository: number,
    node: string,
    bindIds: readonly string[],
    unknown: readonly string[],
  ): Promise<void>;
  /** The repositories waiting for any of `bindIds`, with the bindIDs of those they wait for. */
  waitingFor(bindIds: Iterable<string>): PendingRepository[];
  /** `bindIds` of `repository` were granted: no longer pending. */
  granted(repository: number, bindIds: readonly string[]): void;
  /** Every repository with grants pending, by id. */
  list(): PendingRepository[];
  /** Restores `bindIds` of `repository` as pending (an earlier run's, read back at start), writing nothing. */
  restore(repository: number, node: string, bindIds: readonly string[]): void;
  close(): Promise<void>;
}

/** The ACLs an earlier run recorded in the pending file: the last line of each repository, in file order. */
export interface RecordedPending {
  readonly node: string;
  readonly users: readonly string[];
}

/**
 * What an earlier bridge left in the pending file at `path`: the last line of each repository. No file: none. A
 * partial last line (a crash mid-write) is left out.
 *
 * @throws {MigratorError} naming the file and line for a line that is not a pending record.
 */
export async function readPendingFile(path: string): Promise<RecordedPending[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new MigratorError(
      `${path}: cannot read the pending file: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const lines = text.split("\n");
  // The text after the last newline is a partial line (or nothing).
  lines.pop();
  const last = new Map<string, RecordedPending>();
  for (const [index, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const record = value as { repository?: unknown; users?: unknown } | undefined;
    if (
      typeof record?.repository !== "string" ||
      !Array.isArray(record.users) ||
      !record.users.every((user) => typeof user === "string")
    ) {
      throw new MigratorError(
        `${path}:${index + 1}: not a pending record ({"repository": "<node ID>", "users": [...]}); move the file away, or pass another --pending-out`,
      );
    }
    last.delete(record.repository);
    last.set(record.repository, { node: record.repository, users: record.users as string[] });
  }
  return [...last.values()];
}

/**
 * Opens (creating, mode 0600, never through a link) the pending file at `path` for appending. With `dryRun`,
 * nothing is written: the pending grants are kept in memory only. With `anyCase`, a later call's `Alice` meets a
 * pending `alice`.
 *
 * @throws {MigratorError} naming the path when it cannot be opened.
 */
export async function openPendingPermissions(
  path: string,
  dryRun: boolean,
  options: {
    /** Compare bindIDs in any case: usernames (the instance's citext); emails are exact (see `resolve/users.ts`). */
    readonly anyCase?: boolean;
  } = {},
): Promise<PendingPermissions> {
  const key = options.anyCase ? (bindId: string) => bindId.toLowerCase() : (bindId: string) => bindId;
  let handle: FileHandle | undefined;
  if (!dryRun) {
    try {
      handle = await open(
        path,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
        PRIVATE_FILE_MODE,
      );
    } catch (error) {
      throw new MigratorError(
        `${path}: cannot open the pending file: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  const pending = new Map<number, { node: string; bindIds: Set<string> }>();
  let writing: Promise<void> = Promise.resolve();

  const append = (line: string): Promise<void> => {
    const file = handle;
    if (file === undefined) return Promise.resolve();
    const next = writing.then(async () => {
      await file.write(line);
      await file.datasync();
    });
    writing = next.catch(() => {});
    return next.catch((error: unknown) => {
      throw new MigratorError(
        `${path}: cannot write the pending file: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
  };

  return {
    path,
    async replace(repository, node, bindIds, unknown) {
      const before = pending.get(repository);
      if (unknown.length === 0) pending.delete(repository);
      else pending.set(repository, { node, bindIds: new Set(unknown) });
      if (unknown.length === 0 && before === undefined) return;
      await append(`${JSON.stringify({ repository: node, users: bindIds })}\n`);
    },
    waitingFor(bindIds) {
      const wanted = new Set([...bindIds].map(key));
      const found: PendingRepository[] = [];
      for (const [repository, entry] of pending) {
        const matching = [...entry.bindIds].filter((bindId) => wanted.has(key(bindId)));
        if (matching.length > 0) found.push({ repository, node: entry.node, bindIds: matching });
      }
      return found;
    },
    granted(repository, bindIds) {
      const entry = pending.get(repository);
      if (!entry) return;
      const done = new Set(bindIds.map(key));
      for (const bindId of [...entry.bindIds]) if (done.has(key(bindId))) entry.bindIds.delete(bindId);
      if (entry.bindIds.size === 0) pending.delete(repository);
    },
    restore(repository, node, bindIds) {
      if (bindIds.length > 0) pending.set(repository, { node, bindIds: new Set(bindIds) });
    },
    list() {
      return [...pending]
        .sort(([a], [b]) => a - b)
        .map(([repository, entry]) => ({ repository, node: entry.node, bindIds: [...entry.bindIds].sort() }));
    },
    async close() {
      await writing;
      const file = handle;
      handle = undefined;
      if (file === undefined) return;
      // An empty file left by a run with no unknown user says nothing: it is removed rather than left behind.
      const empty = (await file.stat()).size === 0;
      await file.close();
      if (empty) await unlink(path).catch(() => {});
    },
  };
}
