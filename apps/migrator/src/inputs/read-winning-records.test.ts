import { describe, expect, it } from "vitest";
import { collect, ndjson as lines } from "../../test/support/records.js";
import { useTempDir } from "../../test/support/temp-files.js";
import type { InputError } from "./input-error.js";
import type { AclRecord } from "./input-types.js";
import { readWinningRecords } from "./read-winning-records.js";
import { scanInputs } from "./scan-inputs.js";

const tmp = useTempDir();

// What each format's winning records are is tested end to end in scan-inputs.test.ts.

describe("readWinningRecords refuses a file changed since the scan", () => {
  it("when its size differs, before yielding anything", async () => {
    const path = await tmp.write("grown.ndjson", lines({ repository: "a", users: ["x"] }));
    const index = await scanInputs([path]);
    await tmp.write("grown.ndjson", lines({ repository: "a", users: ["x"] }, { repository: "b", users: [] }));
    const yielded: AclRecord[] = [];
    const reading = (async () => {
      for await (const record of readWinningRecords(index)) yielded.push(record);
    })();
    await expect(reading).rejects.toThrow(`${path}: the file changed since it was scanned (`);
    expect(yielded).toEqual([]);
  });

  it("when its bytes differ at the same size", async () => {
    const path = await tmp.write("edited.csv", "repository,user\na,alice\nb,bobby\n");
    const index = await scanInputs([path]);
    await tmp.write("edited.csv", "repository,user\na,alice\nb,robby\n");
    await expect(collect(readWinningRecords(index))).rejects.toThrow(
      `${path}: the file changed since it was scanned (its SHA-256 differs): run the command again`,
    );
  });

  it("when the edit made it invalid, as a change rather than by the new error", async () => {
    const path = await tmp.write(
      "broken.ndjson",
      lines({ repository: "a", users: ["x"] }, { repository: "b", users: ["y"] }),
    );
    const index = await scanInputs([path]);
    await tmp.write(
      "broken.ndjson",
      lines({ repository: "a", users: ["x"] }, '{"repository":"b","users":["y"]]'),
    );
    const error = (await collect(readWinningRecords(index)).catch((thrown: unknown) => thrown)) as InputError;
    expect(error.message).toContain("the file changed since it was scanned (its SHA-256 differs)");
    expect((error.cause as InputError).line).toBe(2);
  });
});

describe("readWinningRecords aborting", () => {
  it("stops the second pass at the next read", async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({
      repository: `github.com/acme/repo-${i}`,
      users: ["alice", "bob"],
    }));
    const path = await tmp.write("abort-late.ndjson", lines(...records));
    const index = await scanInputs([path]);
    const controller = new AbortController();
    let read = 0;
    const reading = (async () => {
      for await (const _ of readWinningRecords(index, { signal: controller.signal })) {
        read += 1;
        if (read === 1) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
    expect(read).toBeLessThan(records.length);
  });
});

describe("readWinningRecords with sameRepository", () => {
  it("gathers a CSV file's rows of one repository named in two forms, whatever their order", async () => {
    const path = await tmp.write(
      "forms.csv",
      "repository,user\nname,alice\n101,bob\nname,carol\nother,dave\n",
    );
    const index = await scanInputs([path]);
    const records = await collect(
      readWinningRecords(index, {
        sameRepository: new Map([
          ["name", "#101"],
          ["101", "#101"],
        ]),
      }),
    );
    expect(records.map(({ repository, users, references }) => ({ repository, users, references }))).toEqual([
      {
        repository: "name",
        users: [
          { bindId: "alice", line: 2 },
          { bindId: "bob", line: 3 },
          { bindId: "carol", line: 4 },
        ],
        references: ["name", "101"],
      },
      { repository: "other", users: [{ bindId: "dave", line: 5 }], references: undefined },
    ]);
  });

  it("leaves NDJSON records alone: there each record is a whole ACL, and the last one wins", async () => {
    const path = await tmp.write(
      "forms.ndjson",
      lines({ repository: "name", users: ["alice"] }, { repository: "101", users: ["bob"] }),
    );
    const index = await scanInputs([path]);
    const records = await collect(
      readWinningRecords(index, {
        sameRepository: new Map([
          ["name", "#101"],
          ["101", "#101"],
        ]),
      }),
    );
    expect(records.map((record) => record.repository)).toEqual(["name", "101"]);
  });
});
