import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors.js";
import { tokenFromFile } from "./token-from-file.js";

describe("tokenFromFile", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sgkit-token-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a secret mount, dropping its trailing newline", async () => {
    const path = join(dir, "token");
    await writeFile(path, "tok-file-mounted\n");
    await expect(tokenFromFile(path)).resolves.toBe("tok-file-mounted");
    await expect(tokenFromFile(pathToFileURL(path))).resolves.toBe("tok-file-mounted");
  });

  it("names the path and OS error code of a missing file", async () => {
    const path = join(dir, "missing");
    const error = await tokenFromFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ message: `cannot read token file ${path} (ENOENT)`, setting: path });
  });

  it("names the path and OS error code of an unreadable file", async () => {
    const path = join(dir, "a-directory");
    await mkdir(path);
    await expect(tokenFromFile(path)).rejects.toThrow(`cannot read token file ${path} (EISDIR)`);
  });

  it.each([
    ["empty", "", "is empty"],
    ["blank", "\n\n", "is empty"],
    ["two-line", "tok-file-one\ntok-file-two\n", "contains whitespace at position 12"],
  ])("refuses a %s file, naming its path", async (name, contents, problem) => {
    const path = join(dir, name);
    await writeFile(path, contents);
    const error = await tokenFromFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ message: `${path} ${problem}`, setting: path });
  });
});
