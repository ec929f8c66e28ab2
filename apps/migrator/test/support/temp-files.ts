import { execFileSync } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

// Files the unit tests read: written to a temporary folder, or fed through a named pipe.

/** A temporary folder for a test file's files, made before its tests and removed after them. */
export interface TempDir {
  /** The folder itself. */
  readonly dir: string;
  /** The path of `name` inside the folder. */
  path(name: string): string;
  /** Writes `name` and returns its path. */
  write(name: string, content: string | Uint8Array): Promise<string>;
}

/**
 * Registers the hooks that make and remove a {@link TempDir} under `os.tmpdir()`: one for the whole test file, or
 * with `perTest` a fresh one for each test.
 */
export function useTempDir(options: { perTest?: boolean } = {}): TempDir {
  let dir = "";
  const [before, after] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "sgkit-migrator-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const path = (name: string): string => join(dir, name);
  return {
    get dir() {
      return dir;
    },
    path,
    async write(name, content) {
      await writeFile(path(name), content);
      return path(name);
    },
  };
}

/** The writing end of a named pipe. */
export interface FifoWriter {
  /** Resolves once the reader has taken all but a pipe buffer's worth of what was written. */
  write(data: string): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far. */
  readonly written: number;
}

/**
 * Makes a named pipe at `path` (POSIX `mkfifo`) and opens its writing end, which resolves once a reader opens
 * it. Tests feed generated inputs through it: nothing lands on disk, and a reader's memory can be measured
 * while it is halfway through.
 */
export function openFifo(path: string): { readonly opened: Promise<FifoWriter> } {
  execFileSync("mkfifo", [path]);
  const opened = open(path, "w").then((handle) => {
    const writer = {
      written: 0,
      async write(data: string) {
        const bytes = Buffer.from(data);
        await handle.write(bytes);
        writer.written += bytes.length;
      },
      close: () => handle.close(),
    };
    return writer;
  });
  return { opened };
}
