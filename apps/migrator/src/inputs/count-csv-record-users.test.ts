import { describe, expect, it } from "vitest";
import { countCsvRecordUsers } from "./count-csv-record-users.js";
import { readFileFragments } from "./read-file-fragments.js";
import { useTempDir } from "./test-support/use-temp-dir.js";

const tmp = useTempDir();

describe("countCsvRecordUsers", () => {
  it("counts the distinct users of the asked repositories over all their rows", async () => {
    const path = await tmp.write("scattered.csv", "repository,user\na,x\nb,x\na,y\na,x\nb,\n");
    let expected = { sha256: "", bytes: 0 };
    for await (const _ of readFileFragments(path, {
      format: "csv",
      maxRecordBytes: 100,
      onDigest: (digest) => {
        expected = digest;
      },
    }));
    const counts = await countCsvRecordUsers(path, new Map([["a", 3]]), { maxRecordBytes: 100, expected });
    expect(counts).toEqual(new Map([["a", 2]]));
  });
});
