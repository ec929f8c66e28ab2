import { describe, expect, it } from "vitest";
import { createCanaryToken, findSecret } from "./canary.js";

describe("findSecret", () => {
  it("finds a secret in each rendering of a value", () => {
    const token = createCanaryToken();
    expect(token).toMatch(/^sgp_[0-9a-f]{16}_[0-9a-f]{40}$/);
    expect(findSecret(token, "clean", { nested: { deep: [token] } })).toBe("values[1] via JSON");
    const hidden = new Error("clean");
    Object.defineProperty(hidden, "secret", { value: token, enumerable: false });
    expect(findSecret(token, hidden)).toBe("values[0] via inspect");
    expect(findSecret(token, new Error("outer", { cause: new Error(token) }))).toMatch(/^values\[0\] via /);
    expect(findSecret(token, "clean", new Error("clean"), { a: 1 })).toBeUndefined();
  });

  it("makes a new token each call", () => {
    expect(createCanaryToken()).not.toBe(createCanaryToken());
  });
});
