import { EventEmitter } from "node:events";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import type { InputFormat } from "../inputs/input-types.js";
import { readWinningRecords } from "../inputs/read-winning-records.js";
import { scanInputs } from "../inputs/scan-inputs.js";
import { MigratorError } from "../migrator-error.js";
import { type AclWriter, createAclWriter } from "./acl-writer.js";
import type { ExportedAcl } from "./export-acls.js";

const ACLS: ExportedAcl[] = [
  { repository: "github.com/acme/api", users: ["alice", "bob@example.com"] },
  { repository: "github.com/acme/web", users: ["carol"] },
];

/** Values CSV must quote, and some it must not. */
const AWKWARD: ExportedAcl[] = [
  { repository: "github.com/acme/a,b", users: ["plain", 'say "hi"', "o'brien, jr", "zoë"] },
  { repository: 'perforce/"quoted"', users: ["line\nbreak", "carriage\rreturn", "tab\there"] },
];

const tmp = useTempDir({ perTest: true });

async function writeAll(writer: AclWriter, acls: readonly ExportedAcl[]): Promise<void> {
  for (const acl of acls) await writer.write(acl);
  await writer.finish();
}

async function exportToFile(
  format: InputFormat,
  acls: readonly ExportedAcl[],
  name = "out",
): Promise<string> {
  const path = tmp.path(name);
  await writeAll(createAclWriter(format, { path, overwrite: true }), acls);
  return readFile(path, "utf8");
}

async function exportToStdout(format: InputFormat, acls: readonly ExportedAcl[]): Promise<string[]> {
  const chunks: string[] = [];
  await writeAll(createAclWriter(format, { stdout: { write: (text) => chunks.push(text) } }), acls);
  return chunks;
}

/** The rejection of `promise`, which must be a MigratorError. */
async function migratorError(promise: Promise<unknown>): Promise<MigratorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MigratorError);
  return error as MigratorError;
}

describe("createAclWriter: the formats", () => {
  it("writes NDJSON, one record a line", async () => {
    expect(await exportToFile("ndjson", ACLS)).toBe(
      '{"repository":"github.com/acme/api","users":["alice","bob@example.com"]}\n' +
        '{"repository":"github.com/acme/web","users":["carol"]}\n',
    );
  });

  it("writes a JSON array, one record a line", async () => {
    const text = await exportToFile("json", ACLS);
    expect(text).toBe(
      "[\n" +
        '{"repository":"github.com/acme/api","users":["alice","bob@example.com"]},\n' +
        '{"repository":"github.com/acme/web","users":["carol"]}\n' +
        "]\n",
    );
    expect(JSON.parse(text)).toEqual(ACLS);
  });

  it("writes CSV with a header and one row per grant", async () => {
    expect(await exportToFile("csv", ACLS)).toBe(
      "repository,user\n" +
        "github.com/acme/api,alice\n" +
        "github.com/acme/api,bob@example.com\n" +
        "github.com/acme/web,carol\n",
    );
  });

  it("quotes CSV fields holding a comma, a quote or a line break, doubling quotes", async () => {
    expect(await exportToFile("csv", AWKWARD)).toBe(
      "repository,user\n" +
        '"github.com/acme/a,b",plain\n' +
        '"github.com/acme/a,b","say ""hi"""\n' +
        '"github.com/acme/a,b","o\'brien, jr"\n' +
        '"github.com/acme/a,b",zoë\n' +
        '"perforce/""quoted""","line\nbreak"\n' +
        '"perforce/""quoted""","carriage\rreturn"\n' +
        '"perforce/""quoted""",tab\there\n',
    );
  });

  it("writes an empty ACL as a row with no user in CSV and as an empty list in JSON", async () => {
    const empty = [{ repository: "github.com/acme/none", users: [] }];
    expect(await exportToFile("csv", empty)).toBe("repository,user\ngithub.com/acme/none,\n");
    expect(await exportToFile("ndjson", empty)).toBe('{"repository":"github.com/acme/none","users":[]}\n');
  });

  it.each([
    ["ndjson", ""],
    ["json", "[\n]\n"],
    ["csv", "repository,user\n"],
  ] as const)("writes an empty %s export as a valid document", async (format, text) => {
    expect(await exportToFile(format, [])).toBe(text);
    if (format === "json") expect(JSON.parse(text)).toEqual([]);
  });

  it.each(["ndjson", "json", "csv"] as const)(
    "writes %s that the migrator reads back as the same ACLs",
    async (format) => {
      const path = tmp.path(`acls.${format}`);
      await writeAll(createAclWriter(format, { path }), [...ACLS, ...AWKWARD]);
      const read: ExportedAcl[] = [];
      for await (const record of readWinningRecords(await scanInputs([path]))) {
        read.push({ repository: record.repository, users: record.users.map((user) => user.bindId) });
      }
      // Bind IDs are read trimmed, so the one with a carriage return in the middle survives, ends would not.
      expect(read).toEqual([...ACLS, ...AWKWARD]);
    },
  );

  it("writes a record larger than the stream's buffer whole, waiting for it to drain", async () => {
    const users = Array.from({ length: 50_000 }, (_, i) => `user${i}@example.com`);
    const big = [{ repository: "github.com/acme/monorepo", users }, ...ACLS];
    const text = await exportToFile("ndjson", big);
    expect(text).toBe(`${big.map((acl) => JSON.stringify(acl)).join("\n")}\n`);
  });
});

describe("createAclWriter: a file target", () => {
  it("leaves nothing at the path until finish, then only the file", async () => {
    const path = tmp.path("backup.ndjson");
    const writer = createAclWriter("ndjson", { path });
    for (let i = 0; i < 200; i++)
      await writer.write({ repository: `github.com/acme/r${i}`, users: ["a".repeat(500)] });
    const before = await readdir(tmp.dir);
    expect(before).not.toContain("backup.ndjson");
    expect(before).toEqual([`backup.ndjson.${process.pid}.tmp`]);
    await writer.finish();
    expect(await readdir(tmp.dir)).toEqual(["backup.ndjson"]);
    expect((await readFile(path, "utf8")).split("\n")).toHaveLength(201);
  });

  it("leaves nothing when aborted after writing", async () => {
    const writer = createAclWriter("csv", { path: tmp.path("backup.csv") });
    await writer.write(ACLS[0] as ExportedAcl);
    await writer.abort();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("leaves nothing when aborted at once, while the file is still being opened", async () => {
    const writer = createAclWriter("json", { path: tmp.path("backup.json") });
    await writer.abort();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("replaces an existing file only at finish, and keeps it whole when aborted", async () => {
    const path = tmp.path("backup.ndjson");
    await writeFile(path, "yesterday's backup\n");
    const aborted = createAclWriter("ndjson", { path, overwrite: true });
    await aborted.write(ACLS[0] as ExportedAcl);
    await aborted.abort();
    expect(await readFile(path, "utf8")).toBe("yesterday's backup\n");

    const writer = createAclWriter("ndjson", { path, overwrite: true });
    await writer.write(ACLS[1] as ExportedAcl);
    expect(await readFile(path, "utf8")).toBe("yesterday's backup\n");
    await writer.finish();
    expect(await readFile(path, "utf8")).toBe('{"repository":"github.com/acme/web","users":["carol"]}\n');
    expect(await readdir(tmp.dir)).toEqual(["backup.ndjson"]);
  });

  it("rejects, naming the path, when the folder does not exist: from the next write however late it comes", async () => {
    const path = join(tmp.dir, "missing", "backup.ndjson");
    const writer = createAclWriter("ndjson", { path });
    // Opening fails in the background, while an export would be busy reading the instance; the writes that
    // follow must reject (not crash the process with an unheard 'error' event, nor hang).
    let failure: unknown;
    for (let turn = 0; turn < 10_000 && failure === undefined; turn++) {
      await new Promise(setImmediate);
      await writer.write(ACLS[0] as ExportedAcl).catch((error: unknown) => {
        failure = error;
      });
    }
    expect(failure).toBeInstanceOf(MigratorError);
    expect((failure as Error).message).toBe(
      `Cannot write the export to ${path}: its folder ${join(tmp.dir, "missing")} does not exist; create it or choose another path.`,
    );
    expect(((failure as Error).cause as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect((await migratorError(writer.finish())).message).toBe((failure as Error).message);
    await writer.abort();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("rejects from ready, before anything is exported, when the folder does not exist", async () => {
    const path = join(tmp.dir, "missing", "backup.json");
    const writer = createAclWriter("json", { path });
    const error = await migratorError(writer.ready);
    expect(error.message).toBe(
      `Cannot write the export to ${path}: its folder ${join(tmp.dir, "missing")} does not exist; create it or choose another path.`,
    );
    expect((await migratorError(writer.finish())).message).toBe(error.message);
  });

  it("refuses a file already at the path without overwrite, before anything is exported, and leaves it alone", async () => {
    const path = await tmp.write("backup.ndjson", "yesterday's backup\n");
    const writer = createAclWriter("ndjson", { path });
    expect((await migratorError(writer.ready)).message).toBe(
      `Cannot write the export to ${path}: a file is already there; pass --force to replace it, or choose another --out.`,
    );
    await writer.abort();
    expect(await readFile(path, "utf8")).toBe("yesterday's backup\n");
    expect(await readdir(tmp.dir)).toEqual(["backup.ndjson"]);
  });

  it("writes the file readable by its owner only", async () => {
    const path = tmp.path("backup.ndjson");
    await writeAll(createAclWriter("ndjson", { path }), ACLS);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("refuses to write over a temporary file already there, and leaves it alone", async () => {
    const path = tmp.path("backup.ndjson");
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, "another export's work\n");
    const writer = createAclWriter("ndjson", { path });
    await writer.write(ACLS[0] as ExportedAcl).catch(() => {});
    const error = await migratorError(writer.finish());
    expect(error.message).toBe(
      `Cannot write the export to ${path}: ${temporary} is in the way (left by an earlier run?); remove it and try again.`,
    );
    await writer.abort();
    expect(await readdir(tmp.dir)).toEqual([`backup.ndjson.${process.pid}.tmp`]);
    expect(await readFile(temporary, "utf8")).toBe("another export's work\n");
  });

  it("rejects from ready when the path is a folder, even with overwrite, and leaves nothing", async () => {
    const path = tmp.path("backup.csv");
    await mkdir(path);
    const writer = createAclWriter("csv", { path, overwrite: true });
    const error = await migratorError(writer.ready);
    expect(error.message).toBe(
      `Cannot write the export to ${path}: it is a folder; give the path of a file.`,
    );
    await expect(writer.write(ACLS[0] as ExportedAcl)).rejects.toBe(error);
    await writer.abort();
    expect(await readdir(tmp.dir)).toEqual(["backup.csv"]);
    expect(await readdir(path)).toEqual([]);
  });
});

describe("createAclWriter: stdout", () => {
  it("waits for a full pipe to drain before writing more", async () => {
    const output = new EventEmitter() as EventEmitter & { write(text: string): boolean };
    const chunks: string[] = [];
    output.write = (text) => {
      chunks.push(text);
      return false;
    };
    const writer = createAclWriter("ndjson", { stdout: output });
    let settled = false;
    const first = writer.write(ACLS[0] as ExportedAcl).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    output.emit("drain");
    await first;
    expect(chunks).toEqual([`${JSON.stringify(ACLS[0])}\n`]);
  });

  it.each([
    ["ndjson", ACLS.map((acl) => `${JSON.stringify(acl)}\n`).join("")],
    ["json", `[\n${ACLS.map((acl) => JSON.stringify(acl)).join(",\n")}\n]\n`],
    [
      "csv",
      "repository,user\ngithub.com/acme/api,alice\ngithub.com/acme/api,bob@example.com\ngithub.com/acme/web,carol\n",
    ],
  ] as const)("writes %s as the file target does", async (format, text) => {
    expect((await exportToStdout(format, ACLS)).join("")).toBe(text);
    expect(await exportToFile(format, ACLS)).toBe(text);
  });

  it("writes each record as it comes, and nothing for an empty NDJSON export", async () => {
    expect(await exportToStdout("ndjson", ACLS)).toHaveLength(2);
    expect(await exportToStdout("ndjson", [])).toEqual([]);
    expect(await exportToStdout("json", [])).toEqual(["[\n", "]\n"]);
  });

  it("aborts without writing anything more", async () => {
    const chunks: string[] = [];
    const writer = createAclWriter("json", { stdout: { write: (text) => chunks.push(text) } });
    await writer.write(ACLS[0] as ExportedAcl);
    await writer.abort();
    expect(chunks.join("")).toBe(`[\n${JSON.stringify(ACLS[0])}`);
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});
