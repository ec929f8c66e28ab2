import { spawn } from "node:child_process";
import { once } from "node:events";
import { appendFile, open, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { build } from "esbuild";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { MigratorError } from "../migrator-error.js";
import {
  JournalDamagedError,
  type JournalEntry,
  openJournal,
  readJournal,
  setJournalAside,
} from "./journal-file.js";

const tmp = useTempDir({ perTest: true });
let path: string;
beforeEach(() => {
  path = tmp.path("apply.journal");
});
afterEach(() => {
  vi.restoreAllMocks();
});

const START = Date.UTC(2026, 10, 23, 9, 30);

function op(repository: number, user: number, extra: Partial<JournalEntry> = {}): JournalEntry {
  return { type: "op", repository, user, op: "create", outcome: "done", ...extra } as JournalEntry;
}

/** Writes a journal with `entries` in one append and closes it. */
async function journalWith(entries: JournalEntry[], planId = "plan-a"): Promise<void> {
  const journal = await openJournal(path, { planId }, { resume: false, now: () => START });
  await journal.append(entries);
  await journal.close();
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("openJournal and readJournal", () => {
  it("write a header line and entries that read back as written", async () => {
    const journal = await openJournal(
      path,
      { planId: "p1", endpoint: "https://sg.example.com", operations: 3, dryRun: false, note: null },
      { resume: false, now: () => START },
    );
    const entries: JournalEntry[] = [
      op(1, 10),
      op(1, 11, { op: "delete", outcome: "failed", error: "503 unavailable" }),
      { type: "repository", repository: 1, outcome: "completed" },
      { type: "repository", repository: 2, outcome: "skipped", reason: "changed since the plan" },
      op(3, 12, { outcome: "unchanged" }),
    ];
    await journal.append(entries.slice(0, 2));
    await journal.append(entries.slice(2));
    await journal.close();

    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines[0]).toBe(
      '{"type":"header","version":1,"planId":"p1","startedAt":"2026-11-23T09:30:00.000Z","endpoint":"https://sg.example.com","operations":3,"dryRun":false,"note":null}',
    );
    expect(lines[1]).toBe('{"type":"op","repository":1,"user":10,"op":"create","outcome":"done"}');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe("");

    const contents = await readJournal(path);
    expect(contents.header).toEqual({
      type: "header",
      version: 1,
      planId: "p1",
      startedAt: "2026-11-23T09:30:00.000Z",
      endpoint: "https://sg.example.com",
      operations: 3,
      dryRun: false,
      note: null,
    });
    expect(journal.header).toEqual(contents.header);
    expect(contents.entries).toEqual(entries);
    expect(contents.tornTail).toBe(false);
  });

  it("never overwrites an existing journal without resume, and names it", async () => {
    await journalWith([op(1, 1)]);
    const before = await readFile(path);
    const error = await rejection(openJournal(path, { planId: "plan-a" }, { resume: false }));
    expect(error).toBeInstanceOf(MigratorError);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/already exists.*--resume/);
    expect(await readFile(path)).toEqual(before);
  });

  it("refuses to resume a journal that is not there, naming the path", async () => {
    const error = await rejection(openJournal(path, { planId: "plan-a" }, { resume: true }));
    expect(error).toBeInstanceOf(MigratorError);
    expect(error.message).toBe(`${path}: no journal here (nothing to resume)`);
    await expect(readJournal(path)).rejects.toThrow(`${path}: no journal here`);
  });

  it("refuses to resume a journal of another plan and leaves it untouched", async () => {
    await journalWith([op(1, 1)], "plan-a");
    await appendFile(path, '{"type":"op","repo');
    const before = await readFile(path);
    const error = await rejection(openJournal(path, { planId: "plan-b" }, { resume: true }));
    expect(error).toBeInstanceOf(MigratorError);
    expect(error.message).toMatch(`${path}:1: this journal is for plan "plan-a", not "plan-b"`);
    expect(await readFile(path)).toEqual(before);
  });

  it("resumes at the end, keeping the original header", async () => {
    await journalWith([op(1, 1), op(1, 2)]);
    const resumed = await openJournal(
      path,
      { planId: "plan-a", other: "ignored" },
      { resume: true, now: () => 0 },
    );
    expect(resumed.header.startedAt).toBe("2026-11-23T09:30:00.000Z");
    expect(resumed.header.other).toBeUndefined();
    await resumed.append([op(2, 3)]);
    await resumed.close();
    expect((await readJournal(path)).entries).toEqual([op(1, 1), op(1, 2), op(2, 3)]);
  });

  it("leaves out a torn last line when reading, and cuts it off when resuming", async () => {
    await journalWith([op(1, 1), op(1, 2)]);
    const complete = (await readFile(path, "utf8")).length;
    await appendFile(path, '{"type":"op","repository":1,"user":3,"op":"cre');

    const torn = await readJournal(path);
    expect(torn.entries).toEqual([op(1, 1), op(1, 2)]);
    expect(torn.tornTail).toBe(true);

    const resumed = await openJournal(path, { planId: "plan-a" }, { resume: true });
    expect((await readFile(path, "utf8")).length).toBe(complete);
    await resumed.append([op(1, 3)]);
    await resumed.close();
    const repaired = await readJournal(path);
    expect(repaired.entries).toEqual([op(1, 1), op(1, 2), op(1, 3)]);
    expect(repaired.tornTail).toBe(false);
  });

  it("cuts off a torn tail longer than its read chunk", async () => {
    await journalWith([op(1, 1)]);
    const complete = (await readFile(path)).length;
    await appendFile(path, `{"type":"op","error":"${"x".repeat(200_000)}`);
    const resumed = await openJournal(path, { planId: "plan-a" }, { resume: true });
    await resumed.close();
    expect((await readFile(path)).length).toBe(complete);
  });

  it.each([
    ["not JSON", '{"type":"op",', /not a JSON line/],
    ["an empty line", "", /not a JSON line/],
    ["an unknown type", '{"type":"token","repository":1}', /unknown type "token"/],
    ["a finished entry without a time", '{"type":"finished","at":"soon"}', /at is not a time/],
    [
      "a string id",
      '{"type":"op","repository":"1","user":2,"op":"create","outcome":"done"}',
      /repository is not/,
    ],
    [
      "a negative user",
      '{"type":"op","repository":1,"user":-2,"op":"create","outcome":"done"}',
      /user is not/,
    ],
    ["an unknown op", '{"type":"op","repository":1,"user":2,"op":"grant","outcome":"done"}', /op is not/],
    [
      "a bad outcome",
      '{"type":"repository","repository":1,"outcome":"done"}',
      /outcome is not "completed", "skipped" or "conflict"/,
    ],
    [
      "an unexpected field",
      '{"type":"repository","repository":1,"outcome":"skipped","x":1}',
      /unexpected field "x"/,
    ],
  ])("reports a damaged middle line (%s) with its file and line", async (_, damaged, problem) => {
    await journalWith([op(1, 1)]);
    await appendFile(path, `${damaged}\n${JSON.stringify(op(1, 2))}\n`);
    const error = await rejection(readJournal(path));
    expect(error).toBeInstanceOf(MigratorError);
    expect(error.message).toMatch(`${path}:3: `);
    expect(error.message).toMatch(problem);
  });

  it.each([
    ["an empty file", "", /not a journal \(no complete header line\)/],
    ["a torn header", '{"type":"header","vers', /not a journal \(no complete header line\)/],
    ["another kind of file", '{"repository":"github.com/a/b","users":[]}\n', /:1: not a journal/],
    [
      "a newer version",
      '{"type":"header","version":2,"planId":"p","startedAt":"x"}\n',
      /:1: journal version 2/,
    ],
  ])("refuses %s as a journal, to read or to resume", async (_, text, problem) => {
    await writeFile(path, text);
    await expect(readJournal(path)).rejects.toThrow(problem);
    await expect(openJournal(path, { planId: "p" }, { resume: true })).rejects.toThrow(problem);
    expect(await readFile(path, "utf8")).toBe(text);
  });

  it("rejects header fields it sets itself or that are not flat values", async () => {
    await expect(openJournal(path, { planId: "" }, { resume: false })).rejects.toThrow(TypeError);
    await expect(openJournal(path, { planId: "p", version: 2 }, { resume: false })).rejects.toThrow(
      "The journal header field version is set by the journal.",
    );
    const nested = { planId: "p", options: { a: 1 } } as unknown as { planId: string };
    await expect(openJournal(path, nested, { resume: false })).rejects.toThrow(/options is not a string/);
    await expect(openJournal(path, { planId: "p", n: Number.NaN }, { resume: false })).rejects.toThrow(
      /finite/,
    );
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("leaves no file behind when the header cannot be written", async () => {
    const probe = await open(tmp.path("probe"), "w");
    vi.spyOn(Object.getPrototypeOf(probe), "write").mockRejectedValueOnce(new Error("EIO: i/o error, write"));
    await probe.close();
    await expect(openJournal(path, { planId: "p" }, { resume: false })).rejects.toThrow("EIO");
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a batch with an invalid entry as a whole, and keeps working", async () => {
    const journal = await openJournal(path, { planId: "p" }, { resume: false });
    const bad = { type: "op", repository: 1, user: 1.5, op: "create", outcome: "done" } as JournalEntry;
    await expect(journal.append([op(1, 1), bad])).rejects.toThrow(
      "Journal entry 1: user is not a non-negative integer id.",
    );
    await journal.append([op(1, 2)]);
    await journal.close();
    expect((await readJournal(path)).entries).toEqual([op(1, 2)]);
  });

  it("writes only the entry types' fields, and redacts tokens in error texts and header strings", async () => {
    const token = createCanaryToken();
    const journal = await openJournal(
      path,
      { planId: "p", endpoint: `https://x:${token}@sg.example.com` },
      { resume: false },
    );
    const leaky = {
      ...op(1, 1, { outcome: "failed", error: `401 for token ${token}` }),
      token,
      headers: { authorization: token },
    };
    await journal.append([
      leaky,
      { type: "repository", repository: 1, outcome: "skipped", reason: `sudo ${token}` },
    ]);
    await journal.close();
    const text = await readFile(path, "utf8");
    expect(findSecret(token, text)).toBeUndefined();
    const { entries } = await readJournal(path);
    expect(entries[0]).toEqual(op(1, 1, { outcome: "failed", error: "401 for token [REDACTED]" }));
    expect(entries[1]).toEqual({
      type: "repository",
      repository: 1,
      outcome: "skipped",
      reason: "sudo [REDACTED]",
    });
  });

  it("keeps concurrent appends whole and in call order, sharing syncs between appends that queue up", async () => {
    const journal = await openJournal(path, { planId: "p" }, { resume: false });
    const handle = await open(path, "r");
    const datasync = vi.spyOn(Object.getPrototypeOf(handle), "datasync");
    await handle.close();
    const batches = Array.from({ length: 50 }, (_, batch) =>
      Array.from({ length: 20 }, (_, index) => op(batch, index, { error: `batch ${batch} entry ${index}` })),
    );
    await Promise.all(batches.map((batch) => journal.append(batch)));
    expect((await readJournal(path)).entries).toEqual(batches.flat());
    expect(datasync.mock.calls.length).toBeGreaterThan(0);
    expect(datasync.mock.calls.length).toBeLessThan(batches.length);

    // Workers that each await their own appends arrive while other writes are under way.
    const workers = Array.from({ length: 5 }, async (_, worker) => {
      for (let batch = 0; batch < 10; batch++) {
        await journal.append(Array.from({ length: 3 }, (_, index) => op(100 + worker, batch * 3 + index)));
      }
    });
    await Promise.all(workers);
    await journal.close();
    const written = (await readJournal(path)).entries.slice(batches.flat().length);
    expect(written).toHaveLength(150);
    for (let start = 0; start < written.length; start += 3) {
      const batch = written.slice(start, start + 3) as Array<{ repository: number; user: number }>;
      const first = batch[0] as { repository: number; user: number };
      expect(batch).toEqual([0, 1, 2].map((index) => op(first.repository, first.user + index)));
    }
    for (let worker = 0; worker < 5; worker++) {
      const users = written
        .filter((entry) => entry.type === "op" && entry.repository === 100 + worker)
        .map((entry) => (entry as { user: number }).user);
      expect(users).toEqual(Array.from({ length: 30 }, (_, index) => index));
    }
  });

  it("records a finished run, which readJournal reports; a run without one is not finished", async () => {
    await journalWith([op(1, 1), { type: "repository", repository: 1, outcome: "completed" }]);
    expect((await readJournal(path)).finishedAt).toBeUndefined();
    const resumed = await openJournal(path, { planId: "plan-a" }, { resume: true });
    await resumed.append([
      { type: "repository", repository: 2, outcome: "conflict", reason: "someone else changed it" },
      { type: "finished", at: "2026-11-23T09:31:00.000Z" },
    ]);
    await resumed.close();
    const contents = await readJournal(path);
    expect(contents.finishedAt).toBe("2026-11-23T09:31:00.000Z");
    expect((await readFile(path, "utf8")).trimEnd().split("\n").at(-1)).toBe(
      '{"type":"finished","at":"2026-11-23T09:31:00.000Z"}',
    );
  });

  it("says, of a damaged middle line, what is intact before it and how to go on", async () => {
    await journalWith([op(1, 1), { type: "repository", repository: 1, outcome: "completed" }, op(2, 1)]);
    await appendFile(path, '{"type":"op","repository":2,{"type":"op"}\n');
    const error = await rejection(readJournal(path));
    expect(error).toBeInstanceOf(JournalDamagedError);
    expect(error).toMatchObject({ file: path, line: 5, intactEntries: 3, completedRepositories: 1 });
    expect(error.message).toContain(
      "the journal is damaged (two runs writing it at once, or an edit, do this). The 4 lines before it are intact: 3 entries, 1 repository completed. To continue, move the journal away and apply the plan again without --resume",
    );
  });

  it("says so in the singular when only the header is before the damaged line", async () => {
    await journalWith([]);
    await appendFile(path, "{not json\n");
    const error = await rejection(readJournal(path));
    expect(error.message).toContain("The line before it is intact: 0 entries, 0 repositories completed.");
  });

  it("fails a write the test seam refuses, as a full disk would, and every append after it", async () => {
    let writes = 0;
    const journal = await openJournal(
      path,
      { planId: "p" },
      {
        resume: false,
        internal: {
          beforeWrite: () => {
            writes += 1;
            if (writes > 2)
              throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
          },
        },
      },
    );
    await journal.append([op(1, 1)]);
    await expect(journal.append([op(1, 2)])).rejects.toThrow(
      `${path}: cannot write to the journal: ENOSPC: no space left on device`,
    );
    await expect(journal.append([op(1, 3)])).rejects.toThrow(/an earlier write to the journal failed/);
    await journal.close();
    expect((await readJournal(path)).entries).toEqual([op(1, 1)]);
  });

  it("sets a journal aside under a suffix, never replacing a file there", async () => {
    await journalWith([op(1, 1)]);
    const kept = await setJournalAside(path, "abc");
    expect(kept).toBe(`${path}.abc`);
    expect((await readJournal(kept)).entries).toEqual([op(1, 1)]);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
    await journalWith([op(2, 2)]);
    const error = await rejection(setJournalAside(path, "abc"));
    expect(error.message).toContain(`${path}: cannot keep the journal as ${path}.abc`);
    expect((await readJournal(path)).entries).toEqual([op(2, 2)]);
    expect((await readJournal(kept)).entries).toEqual([op(1, 1)]);
  });

  it("refuses every append after a failed write, and after close", async () => {
    const journal = await openJournal(path, { planId: "p" }, { resume: false });
    await journal.append([op(1, 1)]);
    const handle = await open(path, "r");
    vi.spyOn(Object.getPrototypeOf(handle), "write").mockRejectedValueOnce(
      Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }),
    );
    await handle.close();
    const failed = await rejection(journal.append([op(1, 2)]));
    expect(failed).toBeInstanceOf(MigratorError);
    expect(failed.message).toBe(
      `${path}: cannot write to the journal: ENOSPC: no space left on device, write`,
    );
    await expect(journal.append([op(1, 3)])).rejects.toThrow(/an earlier write to the journal failed/);
    await journal.close();
    await journal.close();
    await expect(journal.append([op(1, 4)])).rejects.toThrow(`${path}: the journal is closed`);
    expect((await readJournal(path)).entries).toEqual([op(1, 1)]);
  });

  it("survives a writer killed with SIGKILL mid-run: every entry before the torn tail is intact, and resume continues", async () => {
    const child = tmp.path("writer.mjs");
    // The child appends batches of 200 entries in a loop and prints each batch number once it is on disk.
    await build({
      stdin: {
        contents: `
          import { openJournal } from ${JSON.stringify(join(import.meta.dirname, "journal-file.ts"))};
          const journal = await openJournal(process.argv[2], { planId: "killed" }, { resume: false });
          for (let batch = 0; ; batch++) {
            await journal.append(Array.from({ length: 200 }, (_, user) =>
              ({ type: "op", repository: batch, user, op: "create", outcome: "done", error: "e".repeat(user) })));
            process.stdout.write(batch + "\\n");
          }`,
        resolveDir: import.meta.dirname,
        loader: "ts",
      },
      outfile: child,
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    const writer = spawn(process.execPath, [child, path], { stdio: ["ignore", "pipe", "inherit"] });
    let acknowledged = -1;
    for await (const line of createInterface({ input: writer.stdout })) {
      acknowledged = Number(line);
      if (acknowledged >= 20) break;
    }
    writer.kill("SIGKILL");
    await once(writer, "exit");

    // A crash can also cut a write short; make sure the file ends in a fragment.
    await appendFile(path, '{"type":"op","repository":');
    const expected = (index: number) =>
      op(Math.floor(index / 200), index % 200, { error: "e".repeat(index % 200) });
    const { entries, tornTail } = await readJournal(path);
    expect(tornTail).toBe(true);
    expect(entries.length).toBeGreaterThanOrEqual((acknowledged + 1) * 200);
    expect(entries).toEqual(entries.map((_, index) => expected(index)));

    const resumed = await openJournal(path, { planId: "killed" }, { resume: true });
    await resumed.append([{ type: "repository", repository: 999, outcome: "completed" }]);
    await resumed.close();
    const after = await readJournal(path);
    expect(after.tornTail).toBe(false);
    expect(after.entries).toEqual([
      ...entries,
      { type: "repository", repository: 999, outcome: "completed" },
    ]);
  });
});
