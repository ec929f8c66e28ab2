import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { MigratorError } from "../migrator-error.js";
import { acquireRunLock, lockDirectory, lockPath } from "./run-lock.js";

const tmp = useTempDir({ perTest: true });
const ENDPOINT = "https://sourcegraph.example.com";

function options(overrides: Partial<Parameters<typeof acquireRunLock>[0]> = {}) {
  return { endpoint: ENDPOINT, directory: join(tmp.dir, "locks"), command: "apply plan.json", ...overrides };
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MigratorError);
  return error as Error;
}

/** Writes a lock file as another run would have. */
async function planted(holder: Record<string, unknown>): Promise<string> {
  const path = lockPath(join(tmp.dir, "locks"), ENDPOINT);
  await mkdir(join(tmp.dir, "locks"), { recursive: true });
  await writeFile(path, `${JSON.stringify(holder)}\n`);
  return path;
}

describe("lockDirectory", () => {
  it("is under XDG_STATE_HOME when it is set and absolute, else under ~/.local/state (LOCALAPPDATA on Windows)", () => {
    expect(lockDirectory({ XDG_STATE_HOME: "/var/state" }, "linux")).toBe("/var/state/sgkit-migrate/locks");
    expect(lockDirectory({ XDG_STATE_HOME: "relative", HOME: "/home/u" }, "linux")).toBe(
      "/home/u/.local/state/sgkit-migrate/locks",
    );
    expect(lockDirectory({}, "darwin")).toBe(join(homedir(), ".local", "state", "sgkit-migrate", "locks"));
    expect(lockDirectory({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe(
      join("C:\\Users\\u\\AppData\\Local", "sgkit-migrate", "locks"),
    );
  });
});

describe("lockPath", () => {
  it("is one file per instance, named by its host and a hash of the whole endpoint", () => {
    const path = lockPath("/locks", ENDPOINT);
    expect(path).toMatch(/^\/locks\/apply-sourcegraph\.example\.com-[0-9a-f]{12}\.lock$/);
    expect(lockPath("/locks", "http://127.0.0.1:7080")).toMatch(/apply-127\.0\.0\.1_7080-/);
    expect(lockPath("/locks", `${ENDPOINT}/other`)).not.toBe(path);
  });
});

describe("acquireRunLock", () => {
  it("takes the lock, refuses a second run while it is held (naming file, pid, command and how to clear it), and frees it", async () => {
    const lock = await acquireRunLock(options({ now: () => Date.UTC(2026, 11, 1, 10) }));
    const holder = JSON.parse(await readFile(lock.path, "utf8"));
    expect(holder).toMatchObject({
      pid: process.pid,
      host: hostname(),
      endpoint: ENDPOINT,
      command: "apply plan.json",
      startedAt: "2026-12-01T10:00:00.000Z",
    });
    const error = await refusal(acquireRunLock(options({ command: "apply other.json" })));
    expect(error.message).toBe(
      [
        `Another apply against ${ENDPOINT} holds the lock ${lock.path}: pid ${process.pid}, running \`sgkit-migrate apply plan.json\` since 2026-12-01T10:00:00.000Z.`,
        "Two applies against one instance at once undo each other's writes, so this one stops before reading or writing anything.",
        `Wait for that run to finish. If it is not running any more, remove ${lock.path} and run again.`,
      ].join("\n"),
    );
    await lock.release();
    const again = await acquireRunLock(options());
    await again.release();
    expect(await readdir(join(tmp.dir, "locks"))).toEqual([]);
  });

  it("serialises the runs of one instance only", async () => {
    const first = await acquireRunLock(options());
    const other = await acquireRunLock(options({ endpoint: "https://other.example.com" }));
    expect(other.path).not.toBe(first.path);
    await Promise.all([first.release(), other.release()]);
  });

  it("lets exactly one of many runs starting at once take it", async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => acquireRunLock(options())));
    const taken = attempts.filter((attempt) => attempt.status === "fulfilled");
    expect(taken).toHaveLength(1);
    await (taken[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it("takes over a lock whose holder on this machine is no longer running, and says so", async () => {
    const child = spawn(process.execPath, ["-e", ""]);
    await once(child, "exit");
    const path = await planted({
      pid: child.pid,
      host: hostname(),
      endpoint: ENDPOINT,
      command: "apply old.json",
      startedAt: "2026-12-01T09:00:00.000Z",
      token: "old",
    });
    const told: string[] = [];
    const lock = await acquireRunLock(options({ onTakeover: (message) => told.push(message) }));
    expect(told).toEqual([
      `Took over the apply lock ${path}: the run that held it (pid ${child.pid}, apply old.json, since 2026-12-01T09:00:00.000Z) is no longer running.`,
    ]);
    expect(JSON.parse(await readFile(path, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("never takes over a lock held on another machine, whose process it cannot check", async () => {
    const path = await planted({
      pid: 1,
      host: `${hostname()}-elsewhere`,
      endpoint: ENDPOINT,
      command: "apply plan.json",
      startedAt: "2026-12-01T09:00:00.000Z",
      token: "t",
    });
    const error = await refusal(acquireRunLock(options()));
    expect(error.message).toContain(
      `holds the lock ${path}: pid 1 on ${hostname()}-elsewhere (this machine cannot tell whether it still runs)`,
    );
  });

  it("refuses a file in its place that it did not write, saying how to clear it", async () => {
    const path = await planted({ something: "else" });
    const error = await refusal(acquireRunLock(options()));
    expect(error.message).toBe(
      `${path} is in the way of the apply lock of ${ENDPOINT} but is not a lock sgkit-migrate wrote: if no apply is running, remove it and run again.`,
    );
  });

  it("release leaves alone a lock that is no longer its own", async () => {
    const lock = await acquireRunLock(options());
    await writeFile(
      lock.path,
      `${JSON.stringify({ pid: 1, host: "h", command: "c", startedAt: "s", token: "other" })}\n`,
    );
    await lock.release();
    expect(JSON.parse(await readFile(lock.path, "utf8")).token).toBe("other");
  });
});
