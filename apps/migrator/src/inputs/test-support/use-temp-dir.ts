import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/** A temporary folder for one test file's inputs, made before its tests and removed after them. */
export interface TempDir {
  /** The path of `name` inside the folder. */
  path(name: string): string;
  /** Writes `name` and returns its path. */
  write(name: string, content: string | Uint8Array): Promise<string>;
}

/** Registers the hooks that make and remove a {@link TempDir} under `os.tmpdir()`. */
export function useTempDir(): TempDir {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sgkit-migrator-inputs-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const path = (name: string): string => join(dir, name);
  return {
    path,
    async write(name, content) {
      await writeFile(path(name), content);
      return path(name);
    },
  };
}
