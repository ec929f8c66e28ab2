import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format.js";
import { InputError } from "./input-error.js";

describe("detectFormat", () => {
  it.each([
    ["acl.ndjson", "ndjson"],
    ["dir.v2/ACL.JSONL", "ndjson"],
    ["variables.json", "json"],
    ["export.CSV", "csv"],
  ])("tells %s is %s", (path, format) => {
    expect(detectFormat(path)).toBe(format);
  });

  it.each(["acl.txt", "acl", "acl.json.gz", ".csv"])("asks for --format for %s", (path) => {
    expect(() => detectFormat(path)).toThrow(InputError);
    expect(() => detectFormat(path)).toThrow(`${path}: cannot tell the format from the file name`);
    expect(() => detectFormat(path)).toThrow("pass --format ndjson, json or csv");
  });
});
