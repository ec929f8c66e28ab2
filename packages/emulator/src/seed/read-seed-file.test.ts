import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSeedFile } from "./read-seed-file.js";
import { SeedError } from "./seed-error.js";

const dir = mkdtempSync(join(tmpdir(), "sgkit-emulator-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("readSeedFile", () => {
  it("reads a valid seed", async () => {
    const path = file("ok.json", JSON.stringify({ users: [{ id: 1, username: "a" }] }));
    expect(await readSeedFile(path)).toEqual({ users: [{ id: 1, username: "a" }] });
  });

  it("names the field and the file", async () => {
    const path = file(
      "bad.json",
      JSON.stringify({
        users: [
          { id: 1, username: "a" },
          { id: 1, username: "b" },
        ],
      }),
    );
    const error = await readSeedFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).path).toBe("seed.users[1].id");
    expect((error as Error).message).toBe(
      `seed.users[1].id: is a duplicate of seed.users[0].id (in ${path})`,
    );
  });

  it("names the file of a syntax error, without quoting its text (which may hold a token)", async () => {
    const secret = "sgp_local_00112233445566778899aabbccddeeff00112233";
    const path = file("broken.json", `{"tokens": [{"value": "${secret}" "name": "x"}]}`);
    const error = (await readSeedFile(path).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SeedError);
    expect(error.message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: is not valid JSON`),
    );
    expect(error.message).not.toContain(secret);
  });

  it("names a missing file", async () => {
    await expect(readSeedFile(join(dir, "missing.json"))).rejects.toThrow(
      /missing\.json: cannot be read \(ENOENT\)/,
    );
  });
});
