import { describe, expect, it } from "vitest";
import type { RecordLocation, SourceLocation } from "./input-types.js";
import { scanFile } from "./scan-file.js";
import { useTempDir } from "./test-support/use-temp-dir.js";

const tmp = useTempDir();

describe("scanFile", () => {
  it("adds a file's records over the earlier files' and keeps the first mention of each bindID", async () => {
    const path = await tmp.write("second.ndjson", '{"repository": "a", "users": ["x", "y"]}\n');
    const index = {
      repositories: new Map<string, RecordLocation>([
        ["a", { file: "first.csv", line: 2, fileIndex: 0, closesAt: 0, users: 1 }],
      ]),
      bindIds: new Map<string, SourceLocation>([["x", { file: "first.csv", line: 2 }]]),
    };
    const summary = await scanFile(path, 1, index, { format: "ndjson", maxRecordBytes: 1000 });
    expect(summary).toMatchObject({ path, format: "ndjson", records: 1, droppedBlankBindIds: 0, bytes: 41 });
    expect(index.repositories.get("a")).toEqual({ file: path, line: 1, fileIndex: 1, closesAt: 0, users: 2 });
    expect([...index.bindIds]).toEqual([
      ["x", { file: "first.csv", line: 2 }],
      ["y", { file: path, line: 1 }],
    ]);
  });

  it("counts a CSV repository's users exactly when its rows are scattered", async () => {
    const path = await tmp.write("scattered.csv", "repository,user\na,x\nb,y\na,x\na,z\n");
    const index = {
      repositories: new Map<string, RecordLocation>(),
      bindIds: new Map<string, SourceLocation>(),
    };
    await scanFile(path, 0, index, { format: "csv", maxRecordBytes: 1000 });
    expect(index.repositories.get("a")).toEqual({ file: path, line: 2, fileIndex: 0, closesAt: 3, users: 2 });
  });
});
