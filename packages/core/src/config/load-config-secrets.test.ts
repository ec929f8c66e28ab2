import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { type LoadConfigOptions, loadConfig } from "./load-config.js";
import { createProxyFetch } from "./proxy-fetch.js";

// Canaries: shaped like the real thing, so that a leak of either would be a leak of a real one.
const HEX = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
const TOKEN = `sgp_0123456789abcdef_${HEX}`;
const PASSWORD = "pr0xy-Passw0rd-canary";

describe("secrets in bad configurations", () => {
  it.each<{ case: string; options: LoadConfigOptions }>([
    { case: "a token with a space inside", options: { env: { SRC_ACCESS_TOKEN: `${TOKEN} x` } } },
    { case: "a token with a line break inside", options: { env: { SRC_ACCESS_TOKEN: `${TOKEN}\nX-A: 1` } } },
    { case: "a token option with a control character", options: { env: {}, token: `${TOKEN}\u0000` } },
    {
      case: "a token and an Authorization header holding it",
      options: { env: { SRC_ACCESS_TOKEN: TOKEN, SRC_HEADER_AUTHORIZATION: `token ${TOKEN}` } },
    },
    {
      case: "a token and an Authorization line in SRC_HEADERS",
      options: { env: { SRC_ACCESS_TOKEN: TOKEN, SRC_HEADERS: `Authorization: token ${TOKEN}` } },
    },
    { case: "a token pasted into SRC_HEADERS without a name", options: { env: { SRC_HEADERS: TOKEN } } },
    {
      case: "header injection after a token",
      options: { env: { SRC_HEADERS: `X-Api-Key: ${TOKEN}\rX-Injected: 1` } },
    },
    { case: "a token pasted as a header name", options: { env: {}, headers: { [`x-${TOKEN}`]: "v\n" } } },
    { case: "a token pasted as SRC_ENDPOINT", options: { env: { SRC_ENDPOINT: TOKEN } } },
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

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("a loaded config", () => {
  it("keeps its token out of console.log, JSON and spreads, yet readable", () => {
    const config = loadConfig({ env: { SRC_ACCESS_TOKEN: TOKEN } });
    expect(config.token).toBe(TOKEN);
    expect(inspect(config, { depth: 10 })).not.toContain(TOKEN);
    expect(JSON.stringify(config)).not.toContain(TOKEN);
    expect(JSON.stringify({ ...config })).not.toContain(TOKEN);
  });
});
