import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { thrown } from "../../test/support/thrown.js";
import { redactText } from "../redaction.js";
import { headersFromEnv, type LoadConfigOptions, loadConfig } from "./load-config.js";
import { createProxyFetch } from "./node-config.js";

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

// Canaries: shaped like the real thing, so that a leak of either would be a leak of a real one.
const HEX = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
const CANARY_TOKEN = `sgp_0123456789abcdef_${HEX}`;
const PASSWORD = "pr0xy-Passw0rd-canary";

describe("secrets in bad configurations", () => {
  it.each<{ case: string; options: LoadConfigOptions }>([
    { case: "a token with a space inside", options: { env: { SRC_ACCESS_TOKEN: `${CANARY_TOKEN} x` } } },
    {
      case: "a token with a line break inside",
      options: { env: { SRC_ACCESS_TOKEN: `${CANARY_TOKEN}\nX-A: 1` } },
    },
    { case: "a token option with a control character", options: { env: {}, token: `${CANARY_TOKEN}\u0000` } },
    {
      case: "a token and an Authorization header holding it",
      options: { env: { SRC_ACCESS_TOKEN: CANARY_TOKEN, SRC_HEADER_AUTHORIZATION: `token ${CANARY_TOKEN}` } },
    },
    {
      case: "a token and an Authorization line in SRC_HEADERS",
      options: {
        env: { SRC_ACCESS_TOKEN: CANARY_TOKEN, SRC_HEADERS: `Authorization: token ${CANARY_TOKEN}` },
      },
    },
    {
      case: "a token pasted into SRC_HEADERS without a name",
      options: { env: { SRC_HEADERS: CANARY_TOKEN } },
    },
    {
      case: "header injection after a token",
      options: { env: { SRC_HEADERS: `X-Api-Key: ${CANARY_TOKEN}\rX-Injected: 1` } },
    },
    {
      case: "a token pasted as a header name",
      options: { env: {}, headers: { [`x-${CANARY_TOKEN}`]: "v\n" } },
    },
    { case: "a token pasted as SRC_ENDPOINT", options: { env: { SRC_ENDPOINT: CANARY_TOKEN } } },
    {
      case: "a token pasted as SRC_ENDPOINT after a hex token",
      options: { env: { SRC_ENDPOINT: `${HEX}:x` } },
    },
    {
      case: "an endpoint with user info and a bad scheme",
      options: { env: { SRC_ENDPOINT: `ftp://me:${PASSWORD}@sg` } },
    },
    {
      case: "an endpoint with user info and a query",
      options: { env: { SRC_ENDPOINT: `https://me:${PASSWORD}@sg/?a` } },
    },
    {
      case: "an endpoint with user info and a space",
      options: { env: { SRC_ENDPOINT: `https://me:${PASSWORD}@s g` } },
    },
    {
      case: "a proxy with user info and a bad scheme",
      options: { env: { SRC_PROXY: `ftp://me:${PASSWORD}@proxy` } },
    },
    {
      case: "a proxy with user info and a path",
      options: { env: { SRC_PROXY: `http://me:${PASSWORD}@proxy/x` } },
    },
    {
      case: "a proxy with user info and no host",
      options: { env: { SRC_PROXY: `socks5://me:${PASSWORD}@` } },
    },
    {
      case: "a proxy with user info that does not parse",
      options: { env: { SRC_PROXY: `http://me:${PASSWORD}@[x` } },
    },
    {
      case: "a proxy with user info and a token in CI",
      options: {
        env: { CI: "true", SRC_PROXY: `http://me:${PASSWORD}@proxy:3128`, SRC_ENDPOINT: "https://sg" },
      },
    },
  ])("$case: the error never shows them", ({ options }) => {
    const error = thrown(() => loadConfig(options));
    expect(error).toMatchObject({ name: "ConfigurationError" });
    expectNoSecret(error);
  });

  it("createProxyFetch never shows the proxy password", () => {
    expectNoSecret(thrown(() => createProxyFetch(`gopher://me:${PASSWORD}@proxy`)));
  });
});

function expectNoSecret(error: unknown): void {
  const { message, stack } = error as Error;
  const views = [
    message,
    stack,
    JSON.stringify(error),
    inspect(error, { showHidden: true, depth: null }),
    String(error),
  ];
  for (const view of views) {
    expect(view).not.toContain(HEX);
    expect(view).not.toContain(PASSWORD);
  }
}

describe("a loaded config", () => {
  it("registers every secret it read for redaction: token, sensitive headers, endpoint and proxy passwords", () => {
    const unique = () => crypto.randomUUID().replaceAll("-", "");
    const legacyToken = `${unique()}${unique()}`.slice(0, 40);
    const secrets = {
      token: legacyToken,
      header: `hdr-${unique()}`,
      listed: `lst-${unique()}`,
      option: `opt-${unique()}`,
      endpoint: `ep-${unique()}`,
      proxy: `px-${unique()}`,
    };
    loadConfig({
      env: {
        SRC_ENDPOINT: `https://me:${secrets.endpoint}@sg.example.com`,
        SRC_ACCESS_TOKEN: secrets.token,
        SRC_HEADER_X_API_KEY: secrets.header,
        SRC_HEADERS: `Cookie: ${secrets.listed}`,
        SRC_PROXY: `http://me:${secrets.proxy}@proxy.example.com:3128`,
      },
      headers: { "X-Session": secrets.option },
    });
    const all = Object.values(secrets).join(" ");
    expect(redactText(all)).toBe(Array(6).fill("[REDACTED]").join(" "));
  });

  it("keeps its token out of console.log, JSON and spreads, yet readable", () => {
    const config = loadConfig({ env: { SRC_ACCESS_TOKEN: CANARY_TOKEN } });
    expect(config.token).toBe(CANARY_TOKEN);
    expect(inspect(config, { depth: 10 })).not.toContain(CANARY_TOKEN);
    expect(JSON.stringify(config)).not.toContain(CANARY_TOKEN);
    expect(JSON.stringify({ ...config })).not.toContain(CANARY_TOKEN);
  });
});

describe("headersFromEnv", () => {
  it.each([
    { case: "nothing set", env: { PATH: "/bin" }, expected: {} },
    {
      case: "SRC_HEADER_* names lowercased, underscores kept",
      env: { SRC_HEADER_X_FORWARDED_USER: "alice", SRC_HEADER_Custom: "1" },
      expected: { x_forwarded_user: "alice", custom: "1" },
    },
    { case: "empty SRC_HEADER_ values skipped", env: { SRC_HEADER_X: "", SRC_HEADER_: "v" }, expected: {} },
    { case: "prefix is case-sensitive", env: { src_header_x: "v" }, expected: {} },
    {
      case: "SRC_HEADERS lines",
      env: { SRC_HEADERS: "X-Forwarded-User: alice\nX-Team:platform\n" },
      expected: { "x-forwarded-user": "alice", "x-team": "platform" },
    },
    {
      case: "SRC_HEADERS with CRLF, blank lines and padding",
      env: { SRC_HEADERS: "\r\n  X-A :  1 \r\n\r\n\tX-B:2\r\n" },
      expected: { "x-a": "1", "x-b": "2" },
    },
    {
      case: "a colon inside a value",
      env: { SRC_HEADERS: "X-Time: 12:30:00" },
      expected: { "x-time": "12:30:00" },
    },
    { case: "an empty SRC_HEADERS value skipped", env: { SRC_HEADERS: "X-A:\nX-B:  " }, expected: {} },
    {
      case: "later SRC_HEADERS lines win",
      env: { SRC_HEADERS: "X-A: 1\nx-a: 2" },
      expected: { "x-a": "2" },
    },
    {
      case: "SRC_HEADER_* over SRC_HEADERS",
      env: { SRC_HEADER_X_A: "specific", SRC_HEADERS: "X_A: general" },
      expected: { x_a: "specific" },
    },
    {
      case: "same-name variables that agree",
      env: { SRC_HEADER_X: "1", SRC_HEADER_x: "1" },
      expected: { x: "1" },
    },
    {
      case: "a header named __proto__",
      env: { SRC_HEADERS: "__proto__: v" },
      expected: { ["__proto__"]: "v" },
    },
  ])("$case", ({ env, expected }) => {
    const headers = headersFromEnv(env);
    expect(headers).toEqual(expected);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it.each([
    {
      case: "a line without a colon",
      env: { SRC_HEADERS: "X-A: 1\n\nsgp_local_notaheader" },
      setting: "SRC_HEADERS",
      message: 'SRC_HEADERS line 3 has no colon: each line must be "Name: value"',
    },
    {
      case: "header injection through a bare CR",
      env: { SRC_HEADERS: "X-A: 1\rX-Injected: yes" },
      setting: "SRC_HEADERS",
      message: "SRC_HEADERS line 1: the header value contains a line break or another control character",
    },
    {
      case: "header injection in SRC_HEADER_*",
      env: { SRC_HEADER_X_A: "1\r\nX-Injected: yes" },
      setting: "SRC_HEADER_X_A",
      message: "SRC_HEADER_X_A: the header value contains a line break or another control character",
    },
    {
      case: "a name with a space in SRC_HEADERS",
      env: { SRC_HEADERS: "X Auth: 1" },
      setting: "SRC_HEADERS",
      message: expect.stringMatching(/^SRC_HEADERS line 1: the header name must be an HTTP token/),
    },
    {
      case: "an empty name in SRC_HEADERS",
      env: { SRC_HEADERS: ": 1" },
      setting: "SRC_HEADERS",
      message: expect.stringMatching(/^SRC_HEADERS line 1: the header name must be an HTTP token/),
    },
    {
      case: "a bad name in SRC_HEADER_*",
      env: { "SRC_HEADER_X(Y)": "1" },
      setting: "SRC_HEADER_X(Y)",
      message: expect.stringMatching(/^SRC_HEADER_X\(Y\): the header name must be an HTTP token/),
    },
    {
      case: "same-name variables that disagree",
      env: { SRC_HEADER_X: "1", SRC_HEADER_x: "2" },
      setting: "SRC_HEADER_x",
      message: "SRC_HEADER_X and SRC_HEADER_x both set header x but to different values",
    },
  ])("refuses $case", ({ env, setting, message }) => {
    expect(() => headersFromEnv(env)).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting, message }),
    );
  });

  it("registers sensitive values from both forms for redaction", () => {
    headersFromEnv({
      SRC_HEADER_X_PROXY_TOKEN: "proxy-token-1f2e3d",
      SRC_HEADERS: "Cookie: session=cookie-4c5b6a\nX-User: user-4c5b6a",
    });
    expect(redactText("proxy-token-1f2e3d session=cookie-4c5b6a user-4c5b6a")).toBe(
      "[REDACTED] [REDACTED] user-4c5b6a",
    );
  });
});
