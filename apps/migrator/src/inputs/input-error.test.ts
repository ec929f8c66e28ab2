import { describe, expect, it } from "vitest";
import { InputError } from "./input-error.js";

describe("InputError", () => {
  it("names the file, line and field in its message", () => {
    const error = new InputError("expected a string, got number", {
      file: "acl.ndjson",
      line: 12,
      field: "users[3]",
    });
    expect(error.message).toBe('acl.ndjson:12: field "users[3]": expected a string, got number');
    expect(error).toMatchObject({ name: "InputError", file: "acl.ndjson", line: 12, field: "users[3]" });
    expect(error).toBeInstanceOf(Error);
  });

  it("leaves out the line and field when there are none, and keeps the cause", () => {
    const cause = new Error("ENOENT: no such file or directory, open 'x'");
    const error = new InputError("cannot read the file", { file: "x.csv", cause });
    expect(error.message).toBe("x.csv: cannot read the file");
    expect(error.line).toBeUndefined();
    expect(error.field).toBeUndefined();
    expect(error.cause).toBe(cause);
  });
});
