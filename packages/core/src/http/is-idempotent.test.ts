import { describe, expect, it } from "vitest";
import { isIdempotentMethod } from "./is-idempotent.js";

describe("isIdempotentMethod", () => {
  it("says yes to GET, HEAD, OPTIONS, PUT and DELETE, whatever their case", () => {
    for (const method of ["GET", "head", "OPTIONS", "put", "DELETE"])
      expect(isIdempotentMethod(method)).toBe(true);
  });

  it("says no to POST and PATCH", () => {
    for (const method of ["POST", "PATCH", "post"]) expect(isIdempotentMethod(method)).toBe(false);
  });
});
