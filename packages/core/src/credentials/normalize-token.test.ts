import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { REDACTED, redactText } from "../redaction/redact-text.js";
import { normalizeToken } from "./normalize-token.js";

describe("normalizeToken", () => {
  it.each([
    ["plain", "tok-normalize-a1b2c3"],
    ["trailing newline", "tok-normalize-a1b2c3\n"],
    ["CRLF and spaces around", "  tok-normalize-a1b2c3\r\n"],
    ["byte order mark", "\ufefftok-normalize-a1b2c3"],
  ])("returns a %s token trimmed", (_name, value) => {
    expect(normalizeToken(value, "SRC_ACCESS_TOKEN")).toBe("tok-normalize-a1b2c3");
  });

  it.each([
    [undefined, "SRC_ACCESS_TOKEN is not set"],
    ["", "SRC_ACCESS_TOKEN is empty"],
    [" \n\t", "SRC_ACCESS_TOKEN is empty"],
  ])("refuses %j, naming the setting", (value, message) => {
    const error = catchError(() => normalizeToken(value, "SRC_ACCESS_TOKEN"));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ message, setting: "SRC_ACCESS_TOKEN", code: "invalid_argument" });
  });

  it.each([
    ["tok-normalize x1", "whitespace at position 13"],
    ["tok-normalize\tx2", "whitespace at position 13"],
    ["tok-normalize\nx3", "whitespace at position 13"],
    ["tok-normalize\r\nx4", "whitespace at position 13"],
    ["tok-normalize\u0000x5", "a control character at position 13"],
    ["tok-normalize\u007fx6", "a control character at position 13"],
    ["tok-normalize\u0085x7", "a control character at position 13"],
    ["tok-normalize\u00a0x8", "whitespace at position 13"],
    ["tok-normalize\u2028x9", "whitespace at position 13"],
    ["tok-normalizeéx10", "a non-ASCII character at position 13"],
    ["tok-normalize😀x11", "a non-ASCII character at position 13"],
  ])("refuses %j without quoting it", (value, problem) => {
    const error = catchError(() => normalizeToken(value, "token"));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`token contains ${problem}`);
    expect(error.message).not.toContain("tok-normalize");
  });

  it("registers the token for redaction, even one it refuses", () => {
    normalizeToken("tok-normalize-registered", "token");
    catchError(() => normalizeToken("tok-normalize refused", "token"));
    expect(redactText("a tok-normalize-registered b tok-normalize refused c")).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
  });
});

function catchError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
