import { beforeEach, describe, expect, it, vi } from "vitest";
import { createCanaryToken, findSecret } from "../canary.js";
import { connectionFetch, createConnection } from "../connection.js";
import { ConfigurationError } from "../errors.js";
import { createProxyFetch, loadNodeConfig } from "./node-config.js";

// The seam where a request would leave for the proxy: undici's fetch, which the proxy's fetch calls with its
// dispatcher. Replaced by a recorder, so that "nothing was sent" is an observation, not an inference from a
// failed connection. Everything else of undici (ProxyAgent, Socks5ProxyAgent) is the real one.
const sent = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => new Response("ok")));
vi.mock("undici", async (importOriginal) => ({ ...(await importOriginal<object>()), fetch: sent }));

beforeEach(() => {
  sent.mockClear();
});

const LAN_PROXY = "http://192.0.2.10:3128";

/** The fetch a client (GraphQL here) of a connection made the documented way from `loadNodeConfig` uses. */
function clientFetch(
  config: ReturnType<typeof loadNodeConfig>,
  options: { allowInsecureHttp?: boolean; fetch?: typeof fetch } = {},
) {
  const connection = createConnection({
    endpoint: config.endpoint,
    credentials: config.credentials,
    headers: config.headers,
    fetch: options.fetch ?? config.fetch,
    retry: false,
    ...(options.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
  return connectionFetch(connection, "graphql", {});
}

describe("SRC_PROXY and plain HTTP", () => {
  it("refuses the token to a loopback endpoint through a plain-HTTP proxy on the network, sending nothing", async () => {
    const token = createCanaryToken();
    const config = loadNodeConfig({
      env: {
        SRC_ENDPOINT: "http://127.0.0.1:3080",
        SRC_ACCESS_TOKEN: token,
        SRC_PROXY: "http://me:proxy-pw-9c8b7a@192.0.2.10:3128",
      },
    });
    const error = await clientFetch(config)(config.urls.graphql, { method: "POST", body: "{}" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting: "allowInsecureHttp" });
    const { message } = error as Error;
    expect(message).toContain("http://127.0.0.1:3080 through the proxy http://192.0.2.10:3128 (SRC_PROXY)");
    expect(message).not.toContain("proxy-pw-9c8b7a");
    expect(findSecret(token, error)).toBeUndefined();
    expect(sent).not.toHaveBeenCalled();
  });

  it("refuses an auth proxy's header (SRC_HEADER_*) the same way, with no token", async () => {
    const config = loadNodeConfig({
      env: {
        SRC_ENDPOINT: "http://localhost:3080",
        SRC_HEADER_X_API_KEY: "proxy-key-6a5b4c3d",
        SRC_PROXY: "socks5://192.0.2.10:1080",
      },
    });
    const error = await clientFetch(config)(config.urls.graphql).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ConfigurationError", setting: "allowInsecureHttp" });
    expect((error as Error).message).toContain("socks5://192.0.2.10:1080 (SRC_PROXY)");
    expect(JSON.stringify(error)).not.toContain("proxy-key-6a5b4c3d");
    expect(sent).not.toHaveBeenCalled();
  });

  it("names options.proxy when the proxy came from there", async () => {
    const config = loadNodeConfig({
      env: { SRC_ENDPOINT: "http://127.0.0.1:3080", SRC_ACCESS_TOKEN: createCanaryToken() },
      proxy: LAN_PROXY,
    });
    const error = await clientFetch(config)(config.urls.graphql).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`${LAN_PROXY} (options.proxy)`);
    expect(sent).not.toHaveBeenCalled();
  });

  it("refuses by itself, as the proxy's fetch, when it is wrapped or used directly", async () => {
    const token = createCanaryToken();
    const config = loadNodeConfig({
      env: { SRC_ENDPOINT: "http://127.0.0.1:3080", SRC_ACCESS_TOKEN: token, SRC_PROXY: LAN_PROXY },
    });
    // A wrapper (logging, metrics) hides what the proxy's fetch says about itself from the connection.
    const wrapped: typeof fetch = (input, init) => config.fetch(input, init);
    const error = await clientFetch(config, { fetch: wrapped })(config.urls.graphql).catch((e: unknown) => e);
    // Not a NetworkError: nothing failed on the network, and a retry would not help.
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(findSecret(token, error)).toBeUndefined();

    const direct = await config
      .fetch(config.urls.graphql, { headers: { Authorization: `token ${token}` } })
      .catch((e: unknown) => e);
    expect(direct).toMatchObject({ name: "ConfigurationError", setting: "allowInsecureHttp" });
    expect((direct as Error).message).toContain("(SRC_PROXY)");
    expect(findSecret(token, direct)).toBeUndefined();

    const made = await createProxyFetch(LAN_PROXY)("http://127.0.0.1:3080/x", {
      headers: new Headers({ cookie: "session=abcdef123456" }),
    }).catch((e: unknown) => e);
    expect((made as Error).message).toContain(`${LAN_PROXY} (createProxyFetch)`);
    expect(sent).not.toHaveBeenCalled();
  });

  it("sends through it with allowInsecureHttp, wrapped or not", async () => {
    const token = createCanaryToken();
    const config = loadNodeConfig({
      env: { SRC_ENDPOINT: "http://127.0.0.1:3080", SRC_ACCESS_TOKEN: token, SRC_PROXY: LAN_PROXY },
    });
    const wrapped: typeof fetch = (input, init) => config.fetch(input, init);
    for (const fetch of [config.fetch, wrapped]) {
      sent.mockClear();
      expect(
        (await clientFetch(config, { allowInsecureHttp: true, fetch })(config.urls.graphql)).status,
      ).toBe(200);
      expect(sent).toHaveBeenCalledOnce();
      const [url, init] = sent.mock.calls[0] as [
        string,
        { headers: Record<string, string>; dispatcher: unknown },
      ];
      expect(url).toBe(config.urls.graphql);
      expect(init.headers.authorization).toBe(`token ${token}`);
      expect(init.dispatcher).toBeDefined();
    }
  });

  it.each([
    [
      "an https:// endpoint through a plain-HTTP proxy (tunnelled inside TLS)",
      "https://sg.example.com",
      LAN_PROXY,
    ],
    ["a loopback endpoint through a loopback proxy", "http://127.0.0.1:3080", "http://127.0.0.1:3128"],
    ["a loopback endpoint through a [::1] SOCKS proxy", "http://localhost:3080", "socks5://[::1]:1080"],
    ["a loopback endpoint through an https:// proxy", "http://127.0.0.1:3080", "https://192.0.2.10:3128"],
  ])("sends %s", async (_case, endpoint, proxy) => {
    const token = createCanaryToken();
    const config = loadNodeConfig({
      env: { SRC_ENDPOINT: endpoint, SRC_ACCESS_TOKEN: token, SRC_PROXY: proxy },
    });
    expect((await clientFetch(config)(config.urls.graphql)).status).toBe(200);
    expect(sent).toHaveBeenCalledOnce();
  });

  it("still refuses a plain-HTTP endpoint on the network, whatever the proxy", async () => {
    for (const proxy of ["http://127.0.0.1:3128", "https://proxy.example.com"]) {
      const config = loadNodeConfig({
        env: { SRC_ENDPOINT: "http://sg.internal", SRC_ACCESS_TOKEN: createCanaryToken(), SRC_PROXY: proxy },
      });
      const error = await clientFetch(config)(config.urls.graphql).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "ConfigurationError", setting: "allowInsecureHttp" });
    }
    expect(sent).not.toHaveBeenCalled();
  });

  it("sends anonymous requests through any proxy", async () => {
    const config = loadNodeConfig({ env: { SRC_ENDPOINT: "http://127.0.0.1:3080", SRC_PROXY: LAN_PROXY } });
    expect((await clientFetch(config)(config.urls.graphql)).status).toBe(200);
    expect(sent).toHaveBeenCalledOnce();
  });
});
