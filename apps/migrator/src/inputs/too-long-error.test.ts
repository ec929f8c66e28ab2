import { describe, expect, it } from "vitest";
import { tooLongError } from "./too-long-error.js";

describe("tooLongError", () => {
  it("shows whole MiB as MiB and other limits in bytes", () => {
    expect(tooLongError("line", "a.ndjson", 3, 64 * 1024 * 1024).message).toBe(
      "a.ndjson:3: line longer than 64 MiB (the maxRecordBytes limit)",
    );
    expect(tooLongError("record", "a.json", 1, 1000).message).toBe(
      "a.json:1: record longer than 1000 bytes (the maxRecordBytes limit)",
    );
  });
});
