import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { DEFAULT_ENDPOINT, normalizeEndpoint } from "./normalize-endpoint.js";

describe("normalizeEndpoint", () => {
  it.each([
    { input: "https://sourcegraph.com", expected: "https://sourcegraph.com" },
    { input: "https://sourcegraph.com/", expected: "https://sourcegraph.com" },
    { input: "https://example.com///", expected: "https://example.com" },
    { input: "  https://example.com/ \n", expected: "https://example.com" },
    { input: "https://user:hunter2hunter2@example.com/", expected: "https://example.com" },
    { input: "https://user@example.com", expected: "https://example.com" },
    { input: "https://example.com/sourcegraph", expected: "https://example.com/sourcegraph" },
    { input: "https://example.com/a/sourcegraph//", expected: "https://example.com/a/sourcegraph" },
    { input: "HTTPS://Example.COM:443/", expected: "https://example.com" },
    { input: "http://localhost:3080", expected: "http://localhost:3080" },
    { input: "http://[::1]:3080/", expected: "http://[::1]:3080" },
    { input: "https://example.com/?", expected: "https://example.com" },
  ])("$input → $expected", ({ input, expected }) => {
    expect(normalizeEndpoint(input)).toBe(expected);
  });

  it.each([
    {
      name: "ftp scheme",
      input: "ftp://example.com",
      message: /SRC_ENDPOINT must be an http:\/\/ or https:\/\/ URL.*"ftp:"/,
    },
    { name: "no scheme, with port", input: "localhost:3080", message: /starts with "localhost:"/ },
    { name: "no scheme", input: "example.com", message: /SRC_ENDPOINT is not a valid URL/ },
    { name: "garbage", input: "::::", message: /SRC_ENDPOINT is not a valid URL/ },
    { name: "empty", input: "", message: /SRC_ENDPOINT is empty/ },
    { name: "blank", input: "   ", message: /SRC_ENDPOINT is empty/ },
    { name: "inner space", input: "https://exa mple.com", message: /whitespace or a control character/ },
    { name: "inner newline", input: "https://exam\nple.com", message: /whitespace or a control character/ },
    { name: "query", input: "https://example.com/?a=b", message: /query string or fragment/ },
    { name: "fragment", input: "https://example.com/#x", message: /query string or fragment/ },
    { name: "API path", input: "https://example.com/.api/graphql", message: /without \/\.api/ },
    { name: "API root", input: "https://example.com/sg/.api/", message: /without \/\.api/ },
    { name: "no host", input: "http://", message: /not a valid URL/ },
  ])("refuses $name", ({ input, message }) => {
    expect(() => normalizeEndpoint(input)).toThrow(configurationError("SRC_ENDPOINT", message));
  });

  it("names the setting it is given", () => {
    expect(() => normalizeEndpoint("ftp://x", "options.endpoint")).toThrow(
      configurationError("options.endpoint", /^options\.endpoint must/),
    );
  });

  it("never repeats a password, even from a URL it refuses", () => {
    const password = "pw-7f3a9c1e5b";
    for (const input of [`ftp://me:${password}@example.com`, `https://me:${password}@example.com/?q`]) {
      const error = thrown(() => normalizeEndpoint(input));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(JSON.stringify(error)).not.toContain(password);
      expect(JSON.stringify(error)).not.toContain("me:");
    }
  });

  it("accepts the default endpoint unchanged", () => {
    expect(normalizeEndpoint(DEFAULT_ENDPOINT)).toBe(DEFAULT_ENDPOINT);
  });
});

function configurationError(setting: string, message: RegExp): unknown {
  return expect.objectContaining({
    name: "ConfigurationError",
    setting,
    message: expect.stringMatching(message),
  });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
