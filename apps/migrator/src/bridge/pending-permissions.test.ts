import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPendingPermissions, readPendingFile } from "./pending-permissions.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sgkit-bridge-pending-"));
  dirs.push(dir);
  return dir;
}

describe("openPendingPermissions", () => {
  it("keeps each repository's unknown bindIDs, replaced by its next call, and appends the ACLs as input lines", async () => {
    const path = join(await scratch(), "pending.ndjson");
    const pending = await openPendingPermissions(path, false);
    await pending.replace(1, "UmVwb3NpdG9yeTox", ["alice", "newbie"], ["newbie"]);
    await pending.replace(2, "UmVwb3NpdG9yeToy", ["bob"], []);
    await pending.replace(3, "UmVwb3NpdG9yeToz", ["newbie", "other"], ["newbie", "other"]);
    expect(pending.list()).toEqual([
      { repository: 1, node: "UmVwb3NpdG9yeTox", bindIds: ["newbie"] },
      { repository: 3, node: "UmVwb3NpdG9yeToz", bindIds: ["newbie", "other"] },
    ]);
    expect(pending.waitingFor(["newbie"]).map((entry) => [entry.repository, entry.bindIds])).toEqual([
      [1, ["newbie"]],
      [3, ["newbie"]],
    ]);
    pending.granted(3, ["newbie"]);
    expect(pending.waitingFor(["newbie"]).map((entry) => entry.repository)).toEqual([1]);
    // A later call without unknown users clears the repository, and says so in the file (its ACL, last line wins).
    await pending.replace(1, "UmVwb3NpdG9yeTox", ["alice"], []);
    expect(pending.list().map((entry) => entry.repository)).toEqual([3]);
    await pending.close();
    expect((await readFile(path, "utf8")).split("\n")).toEqual([
      '{"repository":"UmVwb3NpdG9yeTox","users":["alice","newbie"]}',
      '{"repository":"UmVwb3NpdG9yeToz","users":["newbie","other"]}',
      '{"repository":"UmVwb3NpdG9yeTox","users":["alice"]}',
      "",
    ]);
    if (process.platform !== "win32") expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("appends to a file already there, and writes nothing when dry", async () => {
    const dir = await scratch();
    const path = join(dir, "pending.ndjson");
    const first = await openPendingPermissions(path, false);
    await first.replace(1, "a", ["x"], ["x"]);
    await first.close();
    const second = await openPendingPermissions(path, false);
    await second.replace(2, "b", ["y"], ["y"]);
    await second.close();
    expect((await readFile(path, "utf8")).trim().split("\n")).toHaveLength(2);
    const dry = await openPendingPermissions(join(dir, "dry.ndjson"), true);
    await dry.replace(1, "a", ["x"], ["x"]);
    expect(dry.list()).toHaveLength(1);
    await dry.close();
    await expect(stat(join(dir, "dry.ndjson"))).rejects.toThrow();
  });

  it("meets a pending username in any case, and an email only exactly", async () => {
    const dir = await scratch();
    const byName = await openPendingPermissions(join(dir, "a.ndjson"), true, { anyCase: true });
    await byName.replace(1, "a", ["alice"], ["alice"]);
    expect(byName.waitingFor(["Alice"]).map((entry) => entry.bindIds)).toEqual([["alice"]]);
    byName.granted(1, ["ALICE"]);
    expect(byName.list()).toEqual([]);
    const byEmail = await openPendingPermissions(join(dir, "b.ndjson"), true);
    await byEmail.replace(1, "a", ["a@example.com"], ["a@example.com"]);
    expect(byEmail.waitingFor(["A@example.com"])).toEqual([]);
  });

  it("leaves no empty file behind", async () => {
    const path = join(await scratch(), "pending.ndjson");
    const pending = await openPendingPermissions(path, false);
    await pending.replace(1, "a", ["x"], []);
    await pending.close();
    await expect(stat(path)).rejects.toThrow();
  });

  it("refuses a folder that does not exist, naming the path", async () => {
    const path = join(await scratch(), "missing", "pending.ndjson");
    await expect(openPendingPermissions(path, false)).rejects.toThrow(
      `${path}: cannot open the pending file`,
    );
  });
});

describe("readPendingFile", () => {
  it("reads the last line of each repository, leaving out a partial last line", async () => {
    const path = join(await scratch(), "pending.ndjson");
    await writeFile(
      path,
      '{"repository":"a","users":["x"]}\n{"repository":"b","users":["y"]}\n{"repository":"a","users":["z"]}\n{"repos',
    );
    expect(await readPendingFile(path)).toEqual([
      { node: "b", users: ["y"] },
      { node: "a", users: ["z"] },
    ]);
  });

  it("reads no file as nothing, and refuses a line that is not a record, naming it", async () => {
    const dir = await scratch();
    expect(await readPendingFile(join(dir, "none.ndjson"))).toEqual([]);
    const path = join(dir, "bad.ndjson");
    await writeFile(path, '{"repository":"a","users":["x"]}\n{"repository":1}\n');
    await expect(readPendingFile(path)).rejects.toThrow(`${path}:2: not a pending record`);
  });
});
