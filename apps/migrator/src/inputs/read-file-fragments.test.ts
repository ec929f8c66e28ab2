import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import type { AclFragment } from "./acl-fragment.js";
import { InputError } from "./input-error.js";
import type { InputFormat } from "./input-types.js";
import {
  createFragmentParser,
  detectFormat,
  type FileDigest,
  type ReadFileFragmentsOptions,
  readFileFragments,
} from "./read-file-fragments.js";

const tmp = useTempDir();

async function readAll(path: string, options: Partial<ReadFileFragmentsOptions> = {}) {
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
    const { fragments, digest } = await readAll(path);
    expect(fragments.map((fragment) => fragment.repository)).toEqual(["a", "b"]);
    expect(digest).toEqual({
      sha256: createHash("sha256").update(text).digest("hex"),
      bytes: Buffer.byteLength(text),
    });
  });

  it("accepts a file that matches what was expected", async () => {
    const path = await tmp.write("same.csv", "repository,user\na,x\n");
    const { digest } = await readAll(path);
    await expect(readAll(path, { expected: digest })).resolves.toMatchObject({ digest });
  });

  it("refuses a file of another size before reading it, and one of other bytes at its end", async () => {
    const path = await tmp.write("other.csv", "repository,user\na,x\n");
    const expected = { sha256: "0".repeat(64), bytes: 3 };
    await expect(readAll(path, { expected })).rejects.toThrow(
      `${path}: the file changed since it was scanned (3 bytes then, 20 now): run the command again`,
    );
    await expect(readAll(path, { expected: { ...expected, bytes: 20 } })).rejects.toThrow(
      "(its SHA-256 differs)",
    );
  });

  it("reports an invalid file that is unchanged by its own error", async () => {
    const path = await tmp.write("bad.csv", "repository,user\na,x,z\n");
    const sha256 = createHash("sha256").update("repository,user\na,x,z\n").digest("hex");
    await expect(readAll(path, { expected: { sha256, bytes: 22 } })).rejects.toThrow(
      `${path}:2: expected 2 columns (repository,user), got 3`,
    );
  });
});

const samples: Record<Exclude<InputFormat, "har">, string> = {
  ndjson: '{"repository": "a", "users": ["x"]}\n',
  json: '[{"repository": "a", "users": ["x"]}]',
  csv: "repository,user\na,x\n",
};

describe("createFragmentParser", () => {
  it.each(Object.entries(samples))("reads %s", (format, text) => {
    const read: AclFragment[] = [];
    const parser = createFragmentParser(format as InputFormat, "f", 1000, (fragment) => read.push(fragment));
    parser.push(new TextEncoder().encode(text));
    parser.end();
    expect(read).toEqual([
      {
        repository: "a",
        users: [{ bindId: "x", line: format === "csv" ? 2 : 1 }],
        line: format === "csv" ? 2 : 1,
        droppedBlankBindIds: 0,
      },
    ]);
  });
});

describe("detectFormat", () => {
  it.each([
    ["acl.ndjson", "ndjson"],
    ["dir.v2/ACL.JSONL", "ndjson"],
    ["variables.json", "json"],
    ["export.CSV", "csv"],
    ["session.HAR", "har"],
  ])("tells %s is %s", (path, format) => {
    expect(detectFormat(path)).toBe(format);
  });

  it.each(["acl.txt", "acl", "acl.json.gz", ".csv"])("asks for --format for %s", (path) => {
    expect(() => detectFormat(path)).toThrow(InputError);
    expect(() => detectFormat(path)).toThrow(`${path}: cannot tell the format from the file name`);
    expect(() => detectFormat(path)).toThrow("pass --format ndjson, json, csv or har");
  });
});
