import { describe, expect, it } from "vitest";
import { thrown } from "../../test/support/thrown.js";
import { ConfigurationError } from "../errors.js";
import { redactText } from "../redaction.js";
import {
  apiUrls,
  DEFAULT_ENDPOINT,
  normalizeEndpoint,
  normalizeHeader,
  normalizeProxy,
  parseUrlSetting,
} from "./settings.js";

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

describe("apiUrls", () => {
  it.each([
    { endpoint: "https://sourcegraph.com", base: "https://sourcegraph.com" },
    { endpoint: "https://example.com/", base: "https://example.com" },
    { endpoint: "https://example.com/sourcegraph/", base: "https://example.com/sourcegraph" },
    { endpoint: "http://user:pass1234@localhost:3080", base: "http://localhost:3080" },
  ])("builds every API URL on $endpoint", ({ endpoint, base }) => {
    expect(apiUrls(endpoint)).toEqual({
      graphql: `${base}/.api/graphql`,
      searchStream: `${base}/.api/search/stream`,
      httpApi: `${base}/api`,
      openApi: `${base}/api/openapi.yaml`,
      mcp: `${base}/.api/mcp`,
    });
  });

  it("refuses an endpoint that is not an http(s) base URL, naming it endpoint", () => {
    expect(() => apiUrls("ftp://example.com")).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "endpoint" }),
    );
  });
});

describe("normalizeProxy", () => {
  it.each([
    { input: "http://proxy.example.com:3128", expected: "http://proxy.example.com:3128" },
    { input: " http://proxy.example.com:3128/ ", expected: "http://proxy.example.com:3128" },
    { input: "https://Proxy.Example.com", expected: "https://proxy.example.com" },
    { input: "http://me:p%40ss@proxy:8080", expected: "http://me:p%40ss@proxy:8080" },
    { input: "http://me@proxy:8080", expected: "http://me@proxy:8080" },
    { input: "socks5://127.0.0.1:1080", expected: "socks5://127.0.0.1:1080" },
    { input: "socks5h://me:pw@localhost:1080", expected: "socks5h://me:pw@localhost:1080" },
    { input: "socks://localhost:1080", expected: "socks5://localhost:1080" },
    { input: "SOCKS5://localhost", expected: "socks5://localhost" },
  ])("$input → $expected", ({ input, expected }) => {
    expect(normalizeProxy(input)).toBe(expected);
  });

  it.each([
    { case: "ftp", input: "ftp://proxy:21", message: /starts with "ftp:"/ },
    { case: "socks4", input: "socks4://proxy:1080", message: /starts with "socks4:"/ },
    {
      case: "a Unix socket path",
      input: "/tmp/src-proxy.sock",
      message: /Unix socket proxies are not supported/,
    },
    { case: "a Unix socket URL", input: "unix://~/src-proxy.sock", message: /starts with "unix:"/ },
    { case: "no scheme", input: "proxy:3128", message: /starts with "proxy:"/ },
    { case: "no host", input: "socks5://", message: /SRC_PROXY has no host/ },
    { case: "no authority", input: "socks5:proxy", message: /SRC_PROXY has no host/ },
    { case: "a path", input: "http://proxy:3128/path", message: /no path, query or fragment/ },
    { case: "a query", input: "http://proxy:3128/?x=1", message: /no path, query or fragment/ },
    { case: "an empty value", input: "", message: /SRC_PROXY is empty/ },
  ])("refuses $case", ({ input, message }) => {
    expect(() => normalizeProxy(input)).toThrow(
      expect.objectContaining({
        name: "ConfigurationError",
        setting: "SRC_PROXY",
        message: expect.stringMatching(message),
      }),
    );
  });

  it("registers the password and never repeats it", () => {
    const password = "proxy-pw-0a9b8c7d";
    expect(() => normalizeProxy(`ftp://me:${password}@proxy:21`, "options.proxy")).toThrow(
      expect.objectContaining({ setting: "options.proxy", message: expect.not.stringContaining(password) }),
    );
    expect(redactText(`pw=${password}`)).toBe("pw=[REDACTED]");
  });
});

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
