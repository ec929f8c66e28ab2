import { describe, expect, it } from "vitest";
import { fileChangedError } from "./file-changed-error.js";

describe("fileChangedError", () => {
  it("says the file changed and what to do", () => {
    const cause = new Error("parse error");
    const error = fileChangedError("acl.csv", "its SHA-256 differs", cause);
    expect(error.message).toBe(
      "acl.csv: the file changed since it was scanned (its SHA-256 differs): run the command again",
    );
    expect(error.cause).toBe(cause);
  });
});
