import { describe, expect, it } from "vitest";
import { inputFileError } from "./input-file-error.js";

describe("inputFileError", () => {
  it.each([
    ["ENOENT", "acl.csv: cannot read the file: no such file (ENOENT)"],
    ["EISDIR", "acl.csv: cannot read the file: is a directory, not a file (EISDIR)"],
    ["EACCES", "acl.csv: cannot read the file: permission denied (EACCES)"],
    ["EIO", "acl.csv: cannot read the file: cannot be read (EIO)"],
  ])("explains %s without the OS message", (code, message) => {
    const cause = Object.assign(new Error(`${code}: something, open '/secret/path'`), { code });
    const error = inputFileError("acl.csv", cause);
    expect(error.message).toBe(message);
    expect(error.cause).toBe(cause);
    expect(error.line).toBeUndefined();
  });

  it("copes with an error that has no code", () => {
    expect(inputFileError("acl.csv", "boom").message).toBe("acl.csv: cannot read the file: cannot be read");
  });
});
