import { describe, expect, it } from "vitest";
import { describeValue } from "./describe-value.js";

describe("describeValue", () => {
  it("quotes strings so that blanks show, clips long ones, and names other types", () => {
    expect(describeValue(" a\n")).toBe('" a\\n"');
    expect(describeValue("x".repeat(150))).toBe(JSON.stringify(`${"x".repeat(100)}…`));
    expect(describeValue(12)).toBe("12");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue({ token: "secret" })).toBe("object");
  });
});
