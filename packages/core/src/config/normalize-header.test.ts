import { describe, expect, it } from "vitest";
import { redactText } from "../redaction/redact-text.js";
import { normalizeHeader } from "./normalize-header.js";

describe("normalizeHeader", () => {
  it.each([
    { name: "X-Forwarded-User", value: "alice", expected: ["x-forwarded-user", "alice"] },
    { name: "x_auth", value: "  spaced\t", expected: ["x_auth", "spaced"] },
    { name: "X-Latin", value: "caf\u00e9", expected: ["x-latin", "caf\u00e9"] },
    { name: "X-Tab", value: "a\tb", expected: ["x-tab", "a\tb"] },
    { name: "X-Empty", value: "", expected: ["x-empty", ""] },
  ])("accepts $name", ({ name, value, expected }) => {
    expect(normalizeHeader(name, value, "S", "S")).toEqual(expected);
  });

  it.each([
    { case: "a space in the name", name: "X Auth", value: "v", message: /header name must be an HTTP token/ },
    { case: "a colon in the name", name: "X:Auth", value: "v", message: /header name must be an HTTP token/ },
    { case: "an empty name", name: "", value: "v", message: /header name must be an HTTP token/ },
    { case: "CRLF in the value", name: "X-A", value: "v\r\nX-Injected: 1", message: /line break/ },
    { case: "LF in the value", name: "X-A", value: "v\nX-Injected: 1", message: /line break/ },
    { case: "NUL in the value", name: "X-A", value: "v\u0000", message: /control character/ },
    { case: "DEL in the value", name: "X-A", value: "v\u007f", message: /control character/ },
    { case: "a non-Latin-1 value", name: "X-A", value: "\u2603", message: /beyond U\+00FF/ },
  ])("refuses $case, naming the location but not the value", ({ name, value, message }) => {
    expect(() => normalizeHeader(name, value, "SRC_HEADERS", "SRC_HEADERS line 2")).toThrow(
      expect.objectContaining({
        name: "ConfigurationError",
        setting: "SRC_HEADERS",
        message: expect.stringMatching(new RegExp(`^SRC_HEADERS line 2: .*${message.source}`)),
      }),
    );
  });

  it("registers the value of a sensitive header for redaction, and only that", () => {
    normalizeHeader("X-Api-Key", "key-8a7b6c5d4e", "S", "S");
    normalizeHeader("X-Forwarded-User", "user-8a7b6c5d4e", "S", "S");
    expect(redactText("key-8a7b6c5d4e user-8a7b6c5d4e")).toBe("[REDACTED] user-8a7b6c5d4e");
  });
});
