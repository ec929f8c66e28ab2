import { createHash, randomUUID } from "node:crypto";
import { link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir, hostname } from "node:os";
import { isAbsolute, join } from "node:path";
import { MigratorError } from "../migrator-error.js";

// The run lock: at most one apply at a time against one instance, from one machine. The HTTP API has no
// conditional write, so two applies that overlap undo each other's work whatever each checks first; the lock
// makes the second one stop before it reads or writes anything. It cannot see runs on other machines: apply's
// read-after-write check is what catches those.

/** What {@link acquireRunLock} needs. */
export interface RunLockOptions {
  /** The instance, as the clients normalised it: one lock per instance, whatever the plan or journal. */
  readonly endpoint: string;
  /** The folder of the lock files ({@link lockDirectory}). */
  readonly directory: string;
  /** What holds the lock, for the message another run prints (`apply plan.json`). */
  readonly command: string;
  /** Told when a lock left by a run that is no longer running is taken over. */
  readonly onTakeover?: (message: string) => void;
  readonly now?: () => number;
}

/** A lock held by this process; see {@link acquireRunLock}. */
export interface RunLock {
  readonly path: string;
  /** Removes the lock file, if it is still this run's. */
  release(): Promise<void>;
}

/** What a lock file holds: who holds the lock. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly endpoint: string;
  readonly command: string;
  readonly startedAt: string;
  /** Tells this holder from a later one with the same pid. */
  readonly token: string;
}

/**
 * Where the lock files live: `$XDG_STATE_HOME/sgkit-migrate/locks`, by default `~/.local/state/sgkit-migrate/locks`
 * (on Windows `%LOCALAPPDATA%\sgkit-migrate\locks`). Per user: runs of two users on one machine do not see
 * each other's locks.
 */
export function lockDirectory(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string {
  const state = env.XDG_STATE_HOME;
  if (state !== undefined && isAbsolute(state)) return join(state, "sgkit-migrate", "locks");
  if (platform === "win32") {
    return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "sgkit-migrate", "locks");
  }
  return join(env.HOME ?? homedir(), ".local", "state", "sgkit-migrate", "locks");
}

/** The lock file of an instance: its host, readable, and a hash of the whole endpoint. */
export function lockPath(directory: string, endpoint: string): string {
  let host = "instance";
  try {
    host = new URL(endpoint).host.replace(/[^A-Za-z0-9.-]/g, "_");
  } catch {
    // Not a URL (a library caller's name for it): the hash alone tells instances apart.
  }
  const hash = createHash("sha256").update(endpoint).digest("hex").slice(0, 12);
  return join(directory, `apply-${host}-${hash}.lock`);
}

/**
 * Takes the apply lock of `endpoint`, or explains who holds it. The lock file is made whole beside its place and
 * linked into it, so it appears complete or not at all, and two runs cannot both create it. A lock whose holder
 * ran on this machine and is no longer running (a crash, a `kill -9`) is stale and taken over, saying so; one
 * held by a live process, or by a process on another machine, is not.
 *
 * @throws MigratorError naming the lock file, the holder's pid, host, command and start, and how to clear it.
 */
export async function acquireRunLock(options: RunLockOptions): Promise<RunLock> {
  const path = lockPath(options.directory, options.endpoint);
  try {
    await mkdir(options.directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new MigratorError(
      `Cannot make the folder of the apply lock, ${options.directory}: ${describe(error)}. Set XDG_STATE_HOME to a folder you can write.`,
      { cause: error },
    );
  }
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    endpoint: options.endpoint,
    command: options.command,
    startedAt: new Date((options.now ?? Date.now)()).toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const temporary = `${path}.${holder.token}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(holder)}\n`, { flag: "wx", mode: 0o600 });
      await link(temporary, path);
      return { path, release: () => release(path, holder.token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new MigratorError(`Cannot take the apply lock ${path}: ${describe(error)}.`, { cause: error });
      }
    } finally {
      await rm(temporary, { force: true });
    }
    const current = await readHolder(path);
    if (current === "gone") continue;
    if (current === "unreadable") {
      throw new MigratorError(
        `${path} is in the way of the apply lock of ${options.endpoint} but is not a lock sgkit-migrate wrote: if no apply is running, remove it and run again.`,
      );
    }
    if (!isStale(current)) throw heldError(path, current);
    if (await breakStaleLock(path, current)) {
      options.onTakeover?.(
        `Took over the apply lock ${path}: the run that held it (pid ${current.pid}, ${current.command}, since ${current.startedAt}) is no longer running.`,
      );
    }
  }
  throw new MigratorError(
    `${path}: other runs keep taking the apply lock of ${options.endpoint}; try again.`,
  );
}

async function readHolder(path: string): Promise<LockHolder | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw new MigratorError(`Cannot read the apply lock ${path}: ${describe(error)}.`, { cause: error });
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      Number.isSafeInteger(value.pid) &&
      typeof value.host === "string" &&
      typeof value.token === "string" &&
      typeof value.command === "string" &&
      typeof value.startedAt === "string"
    ) {
      return value as LockHolder;
    }
  } catch {
    // Falls through: not ours.
  }
  return "unreadable";
}

/** A holder on this machine whose process is gone. A holder elsewhere cannot be checked, so it is never stale. */
function isStale(holder: LockHolder): boolean {
  return processState(holder.pid, holder.host) === "gone";
}

/**
 * Whether the process `pid` on `host` still runs: `running`, `gone`, or `unknown` for a process on another machine
 * (which this one cannot check).
 */
export function processState(pid: number, host: string): "running" | "gone" | "unknown" {
  if (host !== hostname()) return "unknown";
  if (pid === process.pid) return "running";
  try {
    process.kill(pid, 0);
    return "running";
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "gone" : "running";
  }
}

/**
 * Removes a stale lock, unless another run replaced it meanwhile: the file is first moved aside (only one run
 * can move a given file), then checked to be the stale one; a live lock moved by mistake is put back.
 */
async function breakStaleLock(path: string, stale: LockHolder): Promise<boolean> {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new MigratorError(`Cannot remove the stale apply lock ${path}: ${describe(error)}.`, {
      cause: error,
    });
  }
  const moved = await readHolder(aside);
  if (typeof moved === "object" && moved.token === stale.token) {
    await rm(aside, { force: true });
    return true;
  }
  await link(aside, path).catch(() => {});
  await rm(aside, { force: true });
  return false;
}

async function release(path: string, token: string): Promise<void> {
  const current = await readHolder(path).catch(() => "unreadable" as const);
  if (typeof current === "object" && current.token === token) await rm(path, { force: true });
}

function heldError(path: string, holder: LockHolder): MigratorError {
  const where =
    holder.host === hostname()
      ? `pid ${holder.pid}`
      : `pid ${holder.pid} on ${holder.host} (this machine cannot tell whether it still runs)`;
  return new MigratorError(
    [
      `Another apply against ${holder.endpoint} holds the lock ${path}: ${where}, running \`sgkit-migrate ${holder.command}\` since ${holder.startedAt}.`,
      "Two applies against one instance at once undo each other's writes, so this one stops before reading or writing anything.",
      `Wait for that run to finish. If it is not running any more, remove ${path} and run again.`,
    ].join("\n"),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
