import { describe, expect, it } from "vitest";
import { rejectionOf } from "./rejection-of.js";

describe("rejectionOf", () => {
  it("gives the error a promise rejects with", async () => {
    const error = new TypeError("nope");
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
  });

  it("fails when the promise resolves, or rejects with something that is not an Error", async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow("expected a rejection");
    await expect(rejectionOf(Promise.reject("text"))).rejects.toThrow("rejected with a non-Error: text");
  });
});
