import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { liveMemory } from "../../test/support/live-memory.js";
import { openFifo, useTempDir } from "../../test/support/temp-files.js";
import { readWinningRecords } from "./read-winning-records.js";
import { scanInputs } from "./scan-inputs.js";

const tmp = useTempDir();
const MIB = 1024 * 1024;
const bigTests = process.env.SGKIT_BIG_TESTS === "1";
const hasMkfifo = process.platform !== "win32";

/** A generated ACL: `records` records of `usersPerRecord` users, over a bounded set of repositories and users. */
interface GeneratedAcl {
  readonly records: number;
  readonly usersPerRecord: number;
  /** Distinct repositories (record `i` is about repository `i % repositories`). */
  readonly repositories: number;
  /** Distinct users, taken in turn. */
  readonly users: number;
}

function record(acl: GeneratedAcl, i: number): string {
  const users: string[] = [];
  for (let k = 0; k < acl.usersPerRecord; k++) {
    users.push(`user-${String((i * acl.usersPerRecord + k) % acl.users).padStart(6, "0")}@example.com`);
  }
  return JSON.stringify({ repository: `github.com/acme/repo-${i % acl.repositories}`, users });
}

/**
 * Writes `acl` through `write` in batches of about `batchBytes`, as NDJSON lines or as one JSON array on a
 * single line, and measures the reader's live memory at 10 %, 50 % and 90 % of the records.
 */
async function writeAcl(
  acl: GeneratedAcl,
  format: "ndjson" | "json-one-line",
  write: (data: string) => Promise<void>,
  batchBytes: number,
): Promise<{ sha256: string; checkpoints: number[] }> {
  const hash = createHash("sha256");
  const checkpoints: number[] = [];
  const marks = new Set([0.1, 0.5, 0.9].map((share) => Math.floor(acl.records * share)));
  let batch = format === "ndjson" ? "" : "[";
  const flush = async (): Promise<void> => {
    hash.update(batch);
    await write(batch);
    batch = "";
  };
  for (let i = 0; i < acl.records; i++) {
    batch += format === "ndjson" ? `${record(acl, i)}\n` : `${i === 0 ? "" : ","}${record(acl, i)}`;
    if (batch.length >= batchBytes || marks.has(i)) await flush();
    if (marks.has(i)) checkpoints.push(liveMemory() ?? Number.NaN);
  }
  if (format === "json-one-line") batch += "]";
  await flush();
  return { sha256: hash.digest("hex"), checkpoints };
}

/** Scans `acl` streamed through a named pipe, so memory can be measured while the scan is halfway through. */
async function scanThroughFifo(acl: GeneratedAcl, format: "ndjson" | "json-one-line", name: string) {
  const path = tmp.path(name);
  const { opened } = openFifo(path);
  const scanning = scanInputs([path]);
  scanning.catch(() => undefined);
  const writer = await opened;
  const written = await writeAcl(acl, format, (data) => writer.write(data), 256 * 1024);
  await writer.close();
  return { index: await scanning, bytes: writer.written, ...written };
}

describe.skipIf(!hasMkfifo)("scanInputs memory", () => {
  it("scans a 1M-entry NDJSON file in memory that grows with repositories and users, not entries", async () => {
    const acl: GeneratedAcl = { records: 10_000, usersPerRecord: 100, repositories: 1000, users: 2000 };
    const { index, bytes, sha256, checkpoints } = await scanThroughFifo(acl, "ndjson", "million.ndjson");

    expect(index.files).toEqual([
      {
        path: tmp.path("million.ndjson"),
        format: "ndjson",
        sha256,
        bytes,
        records: acl.records,
        droppedBlankBindIds: 0,
      },
    ]);
    expect(index.repositories.size).toBe(acl.repositories);
    expect(index.bindIds.size).toBe(acl.users);
    expect(index.entries).toBe(acl.repositories * acl.usersPerRecord);
    const last = index.repositories.get("github.com/acme/repo-0");
    expect(last).toMatchObject({ line: acl.records - acl.repositories + 1 });

    const [first = 0, , end = 0] = checkpoints;
    if (Number.isNaN(first)) return; // this Node cannot expose gc: the structure sizes above still hold
    // From 10 % to 90 % of the records, 80 % of the file went through the scan (about 21 MiB).
    expect(bytes * 0.8).toBeGreaterThan(20 * MIB);
    expect(end - first).toBeLessThan(4 * MIB);
  });
});

describe.skipIf(!bigTests || !hasMkfifo)(
  "scanInputs and readWinningRecords on 200 MB (SGKIT_BIG_TESTS=1)",
  () => {
    const acl: GeneratedAcl = { records: 76_000, usersPerRecord: 100, repositories: 76_000, users: 5000 };

    it("scans a 200 MB JSON array on one line in bounded memory", async () => {
      const { index, bytes, checkpoints } = await scanThroughFifo(acl, "json-one-line", "big.json");
      expect(bytes).toBeGreaterThan(200_000_000);
      expect(index.repositories.size).toBe(acl.repositories);
      expect(index.entries).toBe(acl.records * acl.usersPerRecord);
      const [first = 0, , end = 0] = checkpoints;
      // The index grows by its repositories (76 000 names and locations): well under what went through.
      expect(end - first).toBeLessThan(32 * MIB);
    }, 120_000);

    it("refuses a single 200 MB NDJSON line at the 64 MiB limit, without reading past it", async () => {
      const path = tmp.path("huge-line.ndjson");
      const { opened } = openFifo(path);
      const scanning = scanInputs([path]);
      scanning.catch(() => undefined);
      const writer = await opened;
      const users = `"${"u".repeat(1022)}",`.repeat(1024);
      try {
        await writer.write('{"repository": "a", "users": [');
        for (let i = 0; i < 200; i++) await writer.write(users);
      } catch (error) {
        expect(error).toMatchObject({ code: "EPIPE" });
      }
      await writer.close().catch(() => undefined);
      await expect(scanning).rejects.toThrow(`${path}:1: line longer than 64 MiB (the maxRecordBytes limit)`);
      expect(writer.written).toBeLessThan(66 * MIB);
    }, 120_000);

    it("reads the winning records of a 200 MB JSON file back in bounded memory", async () => {
      const path = tmp.path("big-file.json");
      const out = createWriteStream(path);
      await writeAcl(
        acl,
        "json-one-line",
        async (data) => {
          if (!out.write(data)) await once(out, "drain");
        },
        1 * MIB,
      );
      out.end();
      await once(out, "finish");
      const index = await scanInputs([path]);
      const memory: number[] = [];
      let records = 0;
      let entries = 0;
      for await (const record of readWinningRecords(index)) {
        entries += record.users.length;
        records += 1;
        if (records === acl.records * 0.1 || records === acl.records * 0.9) memory.push(liveMemory() ?? 0);
      }
      expect(records).toBe(acl.records);
      expect(entries).toBe(index.entries);
      const [first = 0, end = 0] = memory;
      expect(end - first).toBeLessThan(4 * MIB);
    }, 180_000);
  },
);
