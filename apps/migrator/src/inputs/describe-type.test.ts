import { describe, expect, it } from "vitest";
import { describeType } from "./describe-type.js";

describe("describeType", () => {
  it.each([
    [null, "null"],
    [[], "array"],
    [{}, "object"],
    ["x", "string"],
    [1, "number"],
    [true, "boolean"],
  ])("names %j %s", (value, name) => {
    expect(describeType(value)).toBe(name);
  });
});
