import { describe, expect, it } from "vitest";
import { redactText } from "../redaction/redact-text.js";
import { parseUrlSetting } from "./parse-url-setting.js";

const SCHEMES = ["https:"];
const EXPECTED = "an https:// URL";

describe("parseUrlSetting", () => {
  it("returns the parsed URL, user info kept", () => {
    const url = parseUrlSetting(" https://me:pw@example.com:8443/x ", "X", SCHEMES, EXPECTED);
    expect(url.href).toBe("https://me:pw@example.com:8443/x");
  });

  it.each([
    { input: "", message: "X is empty: set it to an https:// URL" },
    { input: "https://a\tb", message: "X contains whitespace or a control character" },
    { input: "nope", message: "X is not a valid URL: set it to an https:// URL" },
    { input: "http://example.com", message: 'X must be an https:// URL; it starts with "http:"' },
    {
      input: "abcdefabcdefabcdefabcdef:x",
      message: "X must be an https:// URL; its scheme is not one of them",
    },
  ])("refuses $input", ({ input, message }) => {
    expect(() => parseUrlSetting(input, "X", SCHEMES, EXPECTED)).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "X", message }),
    );
  });

  it("registers the password, raw and decoded, before refusing the scheme", () => {
    expect(() => parseUrlSetting("ftp://me:s3cr%40t-pass@example.com", "X", SCHEMES, EXPECTED)).toThrow();
    expect(redactText("s3cr%40t-pass and s3cr@t-pass")).toBe("[REDACTED] and [REDACTED]");
  });
});
