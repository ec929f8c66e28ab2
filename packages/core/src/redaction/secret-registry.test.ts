import { describe, expect, it } from "vitest";
import { redactText } from "./redact-text.js";
import { registerSecret } from "./secret-registry.js";

describe("registerSecret", () => {
  it("keeps a secret in use through more than the registry's capacity of other secrets", () => {
    const inUse = "in-use-secret-0123456789";
    registerSecret(inUse);
    for (let i = 0; i < 2000; i++) {
      registerSecret(`rotated-secret-${i}-abcdef`);
      registerSecret(inUse);
    }
    expect(redactText(`a ${inUse} b`)).toBe("a [REDACTED] b");
    // The oldest of the others went, the newest stayed.
    expect(redactText("rotated-secret-0-abcdef")).toBe("rotated-secret-0-abcdef");
    expect(redactText("rotated-secret-1999-abcdef")).toBe("[REDACTED]");
  });

  it("forgets a secret no longer used once 512 newer ones arrived", () => {
    const unused = "unused-secret-0123456789";
    registerSecret(unused);
    for (let i = 0; i < 600; i++) registerSecret(`later-secret-${i}-abcdef`);
    expect(redactText(unused)).toBe(unused);
  });
});
