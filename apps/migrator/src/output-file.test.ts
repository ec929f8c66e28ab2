import { mkdir, open, readdir, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useTempDir } from "../test/support/temp-files.js";
import { MigratorError } from "./migrator-error.js";
import { createOutputFile, makePrivateTempDir } from "./output-file.js";

const tmp = useTempDir({ perTest: true });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The rejection of `promise`, which must be a MigratorError. */
async function migratorError(promise: Promise<unknown>): Promise<MigratorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MigratorError);
  return error as MigratorError;
}

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe("createOutputFile", () => {
  it("writes a private temporary file beside the path and moves it into place at commit", async () => {
    const path = tmp.path("plan.json");
    const file = await createOutputFile(path, { what: "the plan" });
    await file.write("one\n");
    await file.write("two\n");
    const temporary = `${path}.${process.pid}.tmp`;
    expect(await readdir(tmp.dir)).toEqual([`plan.json.${process.pid}.tmp`]);
    expect(await modeOf(temporary)).toBe(0o600);
    await file.commit();
    expect(await readdir(tmp.dir)).toEqual(["plan.json"]);
    expect(await readFile(path, "utf8")).toBe("one\ntwo\n");
    expect(await modeOf(path)).toBe(0o600);
  });

  it("leaves nothing behind when discarded", async () => {
    const file = await createOutputFile(tmp.path("plan.json"), { what: "the plan" });
    await file.write("half a plan");
    await file.discard();
    await file.discard();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("does not follow a link planted at its temporary name, whose target stays untouched", async () => {
    const victim = await tmp.write("victim", "precious\n");
    const path = tmp.path("pending.ndjson");
    await symlink(victim, `${path}.${process.pid}.tmp`);
    const error = await migratorError(createOutputFile(path, { what: "the pending file", overwrite: true }));
    expect(error.message).toBe(
      `Cannot write the pending file to ${path}: ${path}.${process.pid}.tmp is in the way (left by an earlier run?); remove it and try again.`,
    );
    expect(await readFile(victim, "utf8")).toBe("precious\n");
  });

  it("with overwrite, replaces a link at the path itself, never the file it points to", async () => {
    const victim = await tmp.write("victim", "precious\n");
    const path = tmp.path("pending.ndjson");
    await symlink(victim, path);
    const file = await createOutputFile(path, { what: "the pending file", overwrite: true });
    await file.write("users\n");
    await file.commit();
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    expect(await readFile(path, "utf8")).toBe("users\n");
    await expect(readlink(path)).rejects.toThrow(/EINVAL/);
  });

  it("without overwrite, refuses anything at the path up front (a link included), with the hint given", async () => {
    const victim = await tmp.write("victim", "precious\n");
    const path = tmp.path("backup.ndjson");
    await symlink(victim, path);
    const error = await migratorError(
      createOutputFile(path, { what: "the export", overwriteHint: "pass --force to replace it" }),
    );
    expect(error.message).toBe(
      `Cannot write the export to ${path}: a file is already there; pass --force to replace it.`,
    );
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    expect((await readdir(tmp.dir)).sort()).toEqual(["backup.ndjson", "victim"]);
  });

  it("without overwrite, does not replace a file that appeared while it was written", async () => {
    const path = tmp.path("backup.ndjson");
    const file = await createOutputFile(path, {
      what: "the export",
      overwriteHint: "pass --force to replace it",
    });
    await file.write("new\n");
    await writeFile(path, "someone else's\n");
    const error = await migratorError(file.commit());
    expect(error.message).toContain("a file is already there");
    expect(await readFile(path, "utf8")).toBe("someone else's\n");
    expect(await readdir(tmp.dir)).toEqual(["backup.ndjson"]);
  });

  it.each([
    [
      "a folder that does not exist",
      () => join(tmp.dir, "missing", "plan.json"),
      /its folder .*missing does not exist; create it or choose another path\.$/,
    ],
    ["a folder at the path", () => tmp.path("plan.json"), /: it is a folder; give the path of a file\.$/],
    [
      "a file where a folder should be",
      () => join(tmp.dir, "file", "plan.json"),
      /is not a folder; choose another path\.$/,
    ],
  ])("refuses %s in one line naming the path, and creates nothing", async (_name, pathOf, message) => {
    await mkdir(tmp.path("plan.json"));
    await writeFile(tmp.path("file"), "");
    const path = pathOf();
    const error = await migratorError(createOutputFile(path, { what: "the plan", overwrite: true }));
    expect(error.message).toMatch(new RegExp(`^Cannot write the plan to ${path}: `));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
    expect((await readdir(tmp.dir)).sort()).toEqual(["file", "plan.json"]);
  });

  it("removes its temporary file when the move into place fails", async () => {
    const path = tmp.path("plan.json");
    const file = await createOutputFile(path, { what: "the plan", overwrite: true });
    await file.write("a plan\n");
    // A folder appears at the path while the plan is written.
    await mkdir(path);
    await writeFile(join(path, "inside"), "");
    const error = await migratorError(file.commit());
    expect(error.message).toMatch(new RegExp(`^Cannot write the plan to ${path}: `));
    expect(await readdir(tmp.dir)).toEqual(["plan.json"]);
  });

  it("says what to do about a full disk, and leaves nothing behind once discarded", async () => {
    const path = tmp.path("plan.json");
    const file = await createOutputFile(path, { what: "the plan", overwrite: true });
    // A full disk, at the one write that meets it: FileHandle is not exported, so its prototype is reached
    // through a handle.
    const probe = await open(tmp.path("probe"), "w");
    const prototype = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    await rm(tmp.path("probe"));
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    vi.spyOn(prototype, "write").mockRejectedValueOnce(full);
    await file.write("x".repeat(1000));
    const error = await migratorError(file.commit());
    expect(error.message).toBe(
      `Cannot write the plan to ${path}: the disk is full; free some space or choose another path.`,
    );
    expect(error.cause).toBe(full);
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});

describe("makePrivateTempDir", () => {
  it("makes a fresh folder of mode 0700 under TMPDIR, and removes it with what it holds", async () => {
    vi.stubEnv("TMPDIR", tmp.dir);
    expect(tmpdir()).toBe(tmp.dir);
    const first = await makePrivateTempDir("sgkit-migrate-");
    const second = await makePrivateTempDir("sgkit-migrate-");
    expect(first.dir).not.toBe(second.dir);
    expect(first.dir.startsWith(join(tmp.dir, "sgkit-migrate-"))).toBe(true);
    expect(await modeOf(first.dir)).toBe(0o700);
    await writeFile(join(first.dir, "plan.json"), "");
    await first.remove();
    await first.remove();
    expect(await readdir(tmp.dir)).toEqual([second.dir.slice(tmp.dir.length + 1)]);
  });
});
