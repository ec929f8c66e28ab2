import { describe, expect, it } from "vitest";
import type { LoadConfigOptions } from "./load-config.js";
import { loadConfig } from "./load-config.js";

const TOKEN = `sgp_0123456789abcdef_${"ab".repeat(20)}`;
const OTHER_TOKEN = `sgp_fedcba9876543210_${"cd".repeat(20)}`;

describe("loadConfig", () => {
  it("defaults to sourcegraph.com, anonymous, no headers, no proxy", () => {
    expect(loadConfig({ env: {} })).toEqual({
      endpoint: "https://sourcegraph.com",
      urls: {
        graphql: "https://sourcegraph.com/.api/graphql",
        searchStream: "https://sourcegraph.com/.api/search/stream",
        httpApi: "https://sourcegraph.com/api",
        openApi: "https://sourcegraph.com/api/openapi.yaml",
        mcp: "https://sourcegraph.com/.api/mcp",
      },
      token: undefined,
      credentials: undefined,
      headers: {},
      proxy: undefined,
    });
  });

  it.each<{ case: string; options: LoadConfigOptions; expected: Record<string, unknown> }>([
    {
      case: "everything from the environment",
      options: {
        env: {
          SRC_ENDPOINT: "https://sg.example.com/sourcegraph/",
          SRC_ACCESS_TOKEN: ` ${TOKEN}\n`,
          SRC_HEADER_X_FORWARDED_USER: "alice",
          SRC_HEADERS: "X-Team: platform",
          SRC_PROXY: "http://proxy.example.com:3128",
        },
      },
      expected: {
        endpoint: "https://sg.example.com/sourcegraph",
        token: TOKEN,
        headers: { x_forwarded_user: "alice", "x-team": "platform" },
        proxy: "http://proxy.example.com:3128",
      },
    },
    {
      case: "options over the environment",
      options: {
        env: {
          SRC_ENDPOINT: "https://env.example.com",
          SRC_ACCESS_TOKEN: OTHER_TOKEN,
          SRC_HEADERS: "X-Team: env\nX-Env: 1",
          SRC_PROXY: "http://env-proxy:3128",
        },
        endpoint: "https://option.example.com/",
        token: TOKEN,
        headers: { "X-Team": "option" },
        proxy: "socks5h://option-proxy:1080",
      },
      expected: {
        endpoint: "https://option.example.com",
        token: TOKEN,
        headers: { "x-team": "option", "x-env": "1" },
        proxy: "socks5h://option-proxy:1080",
      },
    },
    {
      case: "options without an environment to read",
      options: { env: {}, endpoint: "http://localhost:3080", token: TOKEN },
      expected: { endpoint: "http://localhost:3080", token: TOKEN, headers: {}, proxy: undefined },
    },
    {
      case: "an empty proxy option turning SRC_PROXY off",
      options: { env: { SRC_PROXY: "http://proxy:3128" }, proxy: "" },
      expected: { proxy: undefined },
    },
    { case: "a blank SRC_PROXY", options: { env: { SRC_PROXY: "  " } }, expected: { proxy: undefined } },
    {
      case: "CI with a token",
      options: { env: { CI: "true", SRC_ACCESS_TOKEN: TOKEN } },
      expected: { token: TOKEN },
    },
    {
      case: "CI with an Authorization header and no token",
      options: { env: { CI: "1", SRC_HEADER_AUTHORIZATION: "Bearer proxy-issued-abcdef" } },
      expected: { token: undefined, headers: { authorization: "Bearer proxy-issued-abcdef" } },
    },
    { case: "CI=false without a token", options: { env: { CI: "false" } }, expected: { token: undefined } },
    { case: "CI=0 without a token", options: { env: { CI: "0" } }, expected: { token: undefined } },
    { case: "an empty CI without a token", options: { env: { CI: "" } }, expected: { token: undefined } },
    {
      case: "socks:// as socks5://",
      options: { env: { SRC_PROXY: "socks://me:pw@127.0.0.1:1080" } },
      expected: { proxy: "socks5://me:pw@127.0.0.1:1080" },
    },
  ])("reads $case", ({ options, expected }) => {
    expect(loadConfig(options)).toMatchObject(expected);
  });

  it("builds the API URLs on the endpoint, path prefix included", () => {
    const { urls } = loadConfig({ env: { SRC_ENDPOINT: "https://example.com/sg" } });
    expect(urls.graphql).toBe("https://example.com/sg/.api/graphql");
    expect(urls.httpApi).toBe("https://example.com/sg/api");
  });

  it("gives token credentials for the token", async () => {
    const { credentials } = loadConfig({ env: { SRC_ACCESS_TOKEN: TOKEN } });
    expect(credentials?.type).toBe("token");
    expect(await credentials?.authorization("graphql")).toBe(`token ${TOKEN}`);
    expect(await credentials?.authorization("http-api")).toBe(`Bearer ${TOKEN}`);
  });

  it("reads process.env when no env is given", () => {
    const saved = process.env.SRC_ENDPOINT;
    process.env.SRC_ENDPOINT = "https://from-process.example.com/";
    try {
      expect(loadConfig({ token: TOKEN }).endpoint).toBe("https://from-process.example.com");
    } finally {
      if (saved === undefined) delete process.env.SRC_ENDPOINT;
      else process.env.SRC_ENDPOINT = saved;
    }
  });

  it.each<{ case: string; options: LoadConfigOptions; setting: string; message: RegExp }>([
    {
      case: "an empty SRC_ENDPOINT",
      options: { env: { SRC_ENDPOINT: "" } },
      setting: "SRC_ENDPOINT",
      message: /^SRC_ENDPOINT is empty/,
    },
    {
      case: "an ftp SRC_ENDPOINT",
      options: { env: { SRC_ENDPOINT: "ftp://example.com" } },
      setting: "SRC_ENDPOINT",
      message: /^SRC_ENDPOINT must be an http:\/\/ or https:\/\/ URL/,
    },
    {
      case: "a bad endpoint option",
      options: { env: {}, endpoint: "example.com" },
      setting: "options.endpoint",
      message: /^options\.endpoint is not a valid URL/,
    },
    {
      case: "an empty SRC_ACCESS_TOKEN",
      options: { env: { SRC_ACCESS_TOKEN: "" } },
      setting: "SRC_ACCESS_TOKEN",
      message: /^SRC_ACCESS_TOKEN is empty/,
    },
    {
      case: "a blank SRC_ACCESS_TOKEN",
      options: { env: { SRC_ACCESS_TOKEN: " \n" } },
      setting: "SRC_ACCESS_TOKEN",
      message: /^SRC_ACCESS_TOKEN is empty/,
    },
    {
      case: "an empty token option",
      options: { env: { SRC_ACCESS_TOKEN: TOKEN }, token: "" },
      setting: "options.token",
      message: /^options\.token is empty/,
    },
    {
      case: "CI without a token",
      options: { env: { CI: "true" } },
      setting: "SRC_ACCESS_TOKEN",
      message: /CI is set.*set SRC_ACCESS_TOKEN/,
    },
    {
      case: "SRC_HEADER_AUTHORIZATION with a token",
      options: { env: { SRC_ACCESS_TOKEN: TOKEN, SRC_HEADER_AUTHORIZATION: "Bearer x-123456" } },
      setting: "SRC_HEADER_AUTHORIZATION",
      message: /^SRC_HEADER_AUTHORIZATION sets an Authorization header and SRC_ACCESS_TOKEN sets a token/,
    },
    {
      case: "an Authorization line in SRC_HEADERS with a token",
      options: { env: { SRC_ACCESS_TOKEN: TOKEN, SRC_HEADERS: "X-A: 1\nauthorization: Basic abcdef12" } },
      setting: "SRC_HEADERS",
      message: /^SRC_HEADERS sets an Authorization header/,
    },
    {
      case: "an Authorization option header with a token option",
      options: { env: {}, token: TOKEN, headers: { AUTHORIZATION: "token other-123456" } },
      setting: "options.headers",
      message: /^options\.headers sets an Authorization header and options\.token sets a token/,
    },
    {
      case: "a bad option header",
      options: { env: {}, headers: { "X-A": "1\r\nX-Injected: 1" } },
      setting: "options.headers",
      message: /^options\.headers\["X-A"\]: the header value contains a line break/,
    },
    {
      case: "an ftp SRC_PROXY",
      options: { env: { SRC_PROXY: "ftp://proxy:21" } },
      setting: "SRC_PROXY",
      message: /^SRC_PROXY must be an http:\/\/, https:\/\/, socks5:\/\/ or socks5h:\/\/ URL/,
    },
    {
      case: "a Unix socket SRC_PROXY",
      options: { env: { SRC_PROXY: "~/src-proxy.sock" } },
      setting: "SRC_PROXY",
      message: /Unix socket proxies are not supported/,
    },
    {
      case: "a bad proxy option",
      options: { env: {}, proxy: "gopher://proxy" },
      setting: "options.proxy",
      message: /^options\.proxy must be/,
    },
  ])("refuses $case", ({ options, setting, message }) => {
    expect(() => loadConfig(options)).toThrow(
      expect.objectContaining({
        name: "ConfigurationError",
        setting,
        message: expect.stringMatching(message),
      }),
    );
  });
});
