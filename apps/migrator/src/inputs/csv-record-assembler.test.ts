import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { CsvRecordAssembler } from "./csv-record-assembler.js";

const row = (repository: string, user: string, line: number): AclFragment => ({
  repository,
  users: user === "" ? [] : [{ bindId: user, line }],
  line,
  droppedBlankBindIds: 0,
});

describe("CsvRecordAssembler", () => {
  it("completes each wanted repository at its last row, merging duplicate users, skipping others", () => {
    const assembler = new CsvRecordAssembler(
      new Map([
        ["a", 3],
        ["c", 4],
      ]),
      "f.csv",
    );
    const rows = [row("a", "x", 2), row("b", "y", 3), row("a", "z", 4), row("a", "x", 5), row("c", "", 6)];
    const records = rows.map((fragment, index) => assembler.add(fragment, index));
    expect(records).toEqual([
      undefined,
      undefined,
      undefined,
      {
        repository: "a",
        users: [
          { bindId: "x", line: 2 },
          { bindId: "z", line: 4 },
        ],
        location: { file: "f.csv", line: 2 },
      },
      { repository: "c", users: [], location: { file: "f.csv", line: 6 } },
    ]);
  });
});
