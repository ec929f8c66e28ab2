import { describe, expect, it } from "vitest";
import { redactText } from "../redaction/redact-text.js";
import { normalizeProxy } from "./normalize-proxy.js";

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
