import { type FileHandle, link, lstat, mkdtemp, open, rename, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { MigratorError } from "./migrator-error.js";

// The files the migrator writes for its user (plans, pending files, exports): they name users, so only their
// owner may read them; they are created, never opened through whatever is already at a path (a link another
// local user planted included); and they appear whole or not at all.

/** A file being written; see {@link createOutputFile}. */
export interface OutputFile {
  readonly path: string;
  /** Adds `text` at the end (buffered). @throws {MigratorError} naming the path when it cannot be written. */
  write(text: string): Promise<void>;
  /**
   * Flushes, syncs and closes the file, then moves it into place.
   *
   * @throws {MigratorError} naming the path when it cannot be written or moved there (the temporary file is
   *   removed first).
   */
  commit(): Promise<void>;
  /** Closes and removes the temporary file, leaving the path as it was. Never throws. */
  discard(): Promise<void>;
}

/** How {@link createOutputFile} writes. */
export interface OutputFileOptions {
  /** What the file is, for messages: `the plan`, `the pending file`, `the export`. */
  readonly what: string;
  /**
   * Replace a file already at the path when the new one is complete. Default false: a file there is refused,
   * up front and again at commit, with the hint `overwriteHint` (such as `pass --force to replace it`).
   */
  readonly overwrite?: boolean;
  readonly overwriteHint?: string;
}

/** Readable and writable by its owner only: the files name users, and their ACLs. */
export const PRIVATE_FILE_MODE = 0o600;

const FLUSH_BYTES = 1 << 20;

/**
 * Starts writing the file at `path`: a temporary file beside it (`<path>.<pid>.tmp`), created exclusively
 * (`O_EXCL`, so no link or file already there is followed or reused) with mode 0600, moved into place by
 * `commit`. A run that fails half-way leaves nothing that looks complete, and nothing behind once discarded.
 *
 * @throws {MigratorError} naming the path, with what to do, when the folder does not exist, a folder is at the
 *   path, a file is there and `overwrite` is off, or the temporary file cannot be created.
 */
export async function createOutputFile(path: string, options: OutputFileOptions): Promise<OutputFile> {
  await checkTarget(path, options);
  const temporary = `${path}.${process.pid}.tmp`;
  let file: FileHandle;
  try {
    file = await open(temporary, "wx", PRIVATE_FILE_MODE);
  } catch (error) {
    throw cannotWrite(path, options.what, error, temporary);
  }
  let buffered: string[] = [];
  let bufferedBytes = 0;
  let closed = false;

  const fail = (error: unknown): MigratorError => cannotWrite(path, options.what, error, temporary);
  // Writes go one after the other, in order, however the callers interleave: a failed one fails all later ones.
  let writing: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    if (buffered.length === 0) return writing;
    const text = buffered.join("");
    buffered = [];
    bufferedBytes = 0;
    writing = writing.then(async () => {
      try {
        await file.write(text);
      } catch (error) {
        throw fail(error);
      }
    });
    return writing;
  }
  async function discard(): Promise<void> {
    buffered = [];
    await writing.catch(() => {});
    if (!closed) {
      closed = true;
      await file.close().catch(() => {});
    }
    await rm(temporary, { force: true }).catch(() => {});
  }

  return {
    path,
    async write(text) {
      if (closed) throw new MigratorError(`${path}: ${options.what} is already closed.`);
      buffered.push(text);
      bufferedBytes += text.length;
      if (bufferedBytes >= FLUSH_BYTES) await flush();
    },
    async commit() {
      try {
        await flush();
        await file.sync().catch((error: unknown) => {
          throw fail(error);
        });
        closed = true;
        await file.close().catch((error: unknown) => {
          throw fail(error);
        });
        await moveIntoPlace(temporary, path, options);
      } catch (error) {
        await discard();
        throw error instanceof MigratorError ? error : fail(error);
      }
    },
    discard,
  };
}

/** A private folder of its own under the system's temporary folder (mode 0700, a random name); see {@link makePrivateTempDir}. */
export interface PrivateTempDir {
  readonly dir: string;
  /** Removes the folder and everything in it. Never throws. */
  remove(): Promise<void>;
}

/**
 * Makes a fresh folder under `os.tmpdir()` with `mkdtemp` (a random name, mode 0700): what is written inside can
 * be neither read nor replaced by another local user, whatever names it uses.
 */
export async function makePrivateTempDir(prefix: string): Promise<PrivateTempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    remove: () => rm(dir, { recursive: true, force: true }).catch(() => {}),
  };
}

async function checkTarget(path: string, options: OutputFileOptions): Promise<void> {
  let existing: Awaited<ReturnType<typeof lstat>>;
  try {
    existing = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw cannotWrite(path, options.what, error);
  }
  if (existing.isDirectory())
    throw cannotWrite(path, options.what, Object.assign(new Error(), { code: "EISDIR" }));
  if (!options.overwrite) throw exists(path, options);
}

async function moveIntoPlace(temporary: string, path: string, options: OutputFileOptions): Promise<void> {
  if (options.overwrite) {
    // rename replaces a link at the path itself, never the file it points to.
    await rename(temporary, path);
    return;
  }
  // A hard link is created only if nothing is at the path, atomically: a file that appeared while this one was
  // being written is not replaced.
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw exists(path, options);
    throw error;
  }
  await unlink(temporary);
}

function exists(path: string, options: OutputFileOptions): MigratorError {
  return new MigratorError(
    `Cannot write ${options.what} to ${path}: a file is already there; ${options.overwriteHint ?? "remove it or choose another path"}.`,
  );
}

/** One line naming the path and what to do, from an error of the file system. */
function cannotWrite(path: string, what: string, error: unknown, temporary?: string): MigratorError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = (() => {
    switch (code) {
      case "ENOENT":
        return `its folder ${dirname(path)} does not exist; create it or choose another path`;
      case "ENOTDIR":
        return `a part of ${dirname(path)} is not a folder; choose another path`;
      case "EISDIR":
        return "it is a folder; give the path of a file";
      case "EEXIST":
        return `${temporary ?? path} is in the way (left by an earlier run?); remove it and try again`;
      case "EACCES":
      case "EPERM":
        return "permission denied; choose a folder you can write to";
      case "EROFS":
        return "the file system is read-only; choose another path";
      case "ENOSPC":
        return "the disk is full; free some space or choose another path";
      case "EDQUOT":
        return "the disk quota is exhausted; free some space or choose another path";
      default:
        return `${(error as Error).message ?? String(error)}; check the path and try again`;
    }
  })();
  return new MigratorError(`Cannot write ${what} to ${path}: ${why}.`, { cause: error });
}
