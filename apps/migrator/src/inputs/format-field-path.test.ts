import { describe, expect, it } from "vitest";
import { formatFieldPath } from "./format-field-path.js";

describe("formatFieldPath", () => {
  it("writes fields and indexes as a reader would", () => {
    expect(formatFieldPath(["users", 3])).toBe("users[3]");
    expect(formatFieldPath(["userPermissions", 0, "bindID"])).toBe("userPermissions[0].bindID");
    expect(formatFieldPath([])).toBe("");
  });

  it("shows a field name from the file escaped and cut", () => {
    expect(formatFieldPath([`x"\u0000${"y".repeat(100)}`])).toBe(`x\\"\\u0000${"y".repeat(31)}…`);
  });
});
