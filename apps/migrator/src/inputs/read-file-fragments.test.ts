import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { type FileDigest, type ReadFileFragmentsOptions, readFileFragments } from "./read-file-fragments.js";
import { useTempDir } from "./test-support/use-temp-dir.js";

const tmp = useTempDir();

async function read(path: string, options: Partial<ReadFileFragmentsOptions> = {}) {
  let digest: FileDigest | undefined;
  const fragments: AclFragment[] = [];
  for await (const batch of readFileFragments(path, {
    format: "csv",
    maxRecordBytes: 1000,
    onDigest: (read) => {
      digest = read;
    },
    ...options,
  })) {
    fragments.push(...batch);
  }
  return { fragments, digest };
}

describe("readFileFragments", () => {
  it("streams the fragments and hashes the bytes as read, byte order mark included", async () => {
    const text = "\ufeffrepository,user\na,x\nb,y\n";
    const path = await tmp.write("two.csv", text);
    const { fragments, digest } = await read(path);
    expect(fragments.map((fragment) => fragment.repository)).toEqual(["a", "b"]);
    expect(digest).toEqual({
      sha256: createHash("sha256").update(text).digest("hex"),
      bytes: Buffer.byteLength(text),
    });
  });

  it("accepts a file that matches what was expected", async () => {
    const path = await tmp.write("same.csv", "repository,user\na,x\n");
    const { digest } = await read(path);
    await expect(read(path, { expected: digest })).resolves.toMatchObject({ digest });
  });

  it("refuses a file of another size before reading it, and one of other bytes at its end", async () => {
    const path = await tmp.write("other.csv", "repository,user\na,x\n");
    const expected = { sha256: "0".repeat(64), bytes: 3 };
    await expect(read(path, { expected })).rejects.toThrow(
      `${path}: the file changed since it was scanned (3 bytes then, 20 now): run the command again`,
    );
    await expect(read(path, { expected: { ...expected, bytes: 20 } })).rejects.toThrow(
      "(its SHA-256 differs)",
    );
  });

  it("reports an invalid file that is unchanged by its own error", async () => {
    const path = await tmp.write("bad.csv", "repository,user\na,x,z\n");
    const sha256 = createHash("sha256").update("repository,user\na,x,z\n").digest("hex");
    await expect(read(path, { expected: { sha256, bytes: 22 } })).rejects.toThrow(
      `${path}:2: expected 2 columns (repository,user), got 3`,
    );
  });
});
