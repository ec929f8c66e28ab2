import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import { createCanaryToken, findSecret } from "../canary.js";
import type { Credentials } from "../credentials/credentials.js";
import { createTokenCredentials } from "../credentials/token.js";
import { ConfigurationError } from "../errors.js";
import { createSourcegraphFetch } from "./fetch.js";
import {
  INSECURE_HTTP_ALLOWED,
  insecureHttpRefusal,
  isLoopbackHost,
  PROXY_ROUTE,
  type ProxyRoute,
} from "./insecure-http.js";

const credentials: Credentials = { type: "token", authorization: async () => "token 0123456789abcdef" };

useNock();

describe("refuseInsecureHttp", () => {
  it("refuses credentials over plain HTTP to a remote host, sending nothing", async () => {
    const scope = nock("http://sg.internal.example.com").get("/x").reply(200);
    const error = await createSourcegraphFetch({ api: "graphql", credentials })(
      "http://sg.internal.example.com/x",
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting: "allowInsecureHttp" });
    expect((error as Error).message).toContain("http://sg.internal.example.com");
    expect(scope.isDone()).toBe(false);
  });

  it("refuses a sensitive extra header over plain HTTP too", async () => {
    const scope = nock("http://sg.internal.example.com").get("/x").reply(200);
    const fetch = createSourcegraphFetch({ api: "graphql", headers: { "X-Api-Key": "proxy-secret" } });
    await expect(fetch("http://sg.internal.example.com/x")).rejects.toBeInstanceOf(ConfigurationError);
    expect(scope.isDone()).toBe(false);
  });

  it("allows loopback hosts", async () => {
    for (const origin of [
      "http://127.0.0.1:3080",
      "http://127.1.2.3:3080",
      "http://localhost:3080",
      "http://[::1]:3080",
    ]) {
      nock(origin).get("/x").reply(200, "ok");
      expect((await createSourcegraphFetch({ api: "graphql", credentials })(`${origin}/x`)).status).toBe(200);
    }
  });

  it("refuses a token over plain HTTP to a *.localhost name, which /etc/hosts can point anywhere", async () => {
    const token = createCanaryToken();
    const scope = nock("http://api.localhost:3080").get("/x").reply(200);
    const fetch = createSourcegraphFetch({ api: "graphql", credentials: createTokenCredentials(token) });
    const error = await fetch("http://api.localhost:3080/x").catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting: "allowInsecureHttp" });
    expect(findSecret(token, error)).toBeUndefined();
    expect(scope.isDone()).toBe(false);
  });

  it("allows any host with allowInsecureHttp", async () => {
    nock("http://sg.internal.example.com").get("/x").reply(200, "ok");
    const fetch = createSourcegraphFetch({ api: "graphql", credentials, allowInsecureHttp: true });
    expect((await fetch("http://sg.internal.example.com/x")).status).toBe(200);
  });

  it("allows anonymous requests over plain HTTP", async () => {
    nock("http://sg.internal.example.com").get("/x").reply(200, "ok");
    expect(
      (await createSourcegraphFetch({ api: "graphql" })("http://sg.internal.example.com/x")).status,
    ).toBe(200);
  });
});

/** A fetch that says it sends through `proxy`, as `createProxyFetch`'s does, and records what reaches it. */
function fetchThroughProxy(proxy: ProxyRoute) {
  const underlying = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => new Response("ok"));
  Object.defineProperty(underlying, PROXY_ROUTE, { value: proxy });
  return underlying;
}

describe("refuseInsecureHttp with a proxy", () => {
  const lanProxy: ProxyRoute = { url: "http://192.0.2.10:3128", setting: "SRC_PROXY" };

  it("refuses a token to a loopback endpoint through a plain-HTTP proxy on the network, sending nothing", async () => {
    const token = createCanaryToken();
    const underlying = fetchThroughProxy(lanProxy);
    const fetch = createSourcegraphFetch({
      api: "graphql",
      credentials: createTokenCredentials(token),
      fetch: underlying,
    });
    const error = await fetch("http://127.0.0.1:3080/.api/graphql", { method: "POST", body: "{}" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting: "allowInsecureHttp" });
    expect(error.message).toContain("through the proxy http://192.0.2.10:3128 (SRC_PROXY)");
    expect(error.message).toContain("allowInsecureHttp");
    expect(findSecret(token, error)).toBeUndefined();
    expect(underlying).not.toHaveBeenCalled();
  });

  it("refuses a sensitive extra header through it too", async () => {
    const underlying = fetchThroughProxy({ url: "socks5://10.1.2.3:1080", setting: "options.proxy" });
    const fetch = createSourcegraphFetch({
      api: "graphql",
      headers: { "X-Api-Key": "proxy-key-5e4d3c" },
      fetch: underlying,
    });
    const error = await fetch("http://localhost:3080/x").catch((e) => e);
    expect(error).toMatchObject({ name: "ConfigurationError", setting: "allowInsecureHttp" });
    expect(error.message).toContain("(options.proxy)");
    expect(underlying).not.toHaveBeenCalled();
  });

  it("lets through an https:// endpoint (tunnelled in TLS), a loopback or https:// proxy, and anonymous requests", async () => {
    const cases: Array<[ProxyRoute, string, Credentials | undefined]> = [
      [lanProxy, "https://sg.example.com/x", credentials],
      [{ url: "http://127.0.0.1:3128", setting: "SRC_PROXY" }, "http://127.0.0.1:3080/x", credentials],
      [{ url: "http://[::1]:3128", setting: "SRC_PROXY" }, "http://localhost:3080/x", credentials],
      [
        { url: "https://proxy.example.com:3128", setting: "SRC_PROXY" },
        "http://127.0.0.1:3080/x",
        credentials,
      ],
      [lanProxy, "http://127.0.0.1:3080/x", undefined],
    ];
    for (const [proxy, url, given] of cases) {
      const underlying = fetchThroughProxy(proxy);
      const fetch = createSourcegraphFetch({
        api: "graphql",
        fetch: underlying,
        ...(given ? { credentials: given } : {}),
      });
      expect((await fetch(url)).status, `${url} through ${proxy.url}`).toBe(200);
      expect(underlying).toHaveBeenCalledOnce();
    }
  });

  it("sends through it with allowInsecureHttp, telling the proxy's fetch that the user agreed", async () => {
    const underlying = fetchThroughProxy(lanProxy);
    const fetch = createSourcegraphFetch({
      api: "graphql",
      credentials,
      fetch: underlying,
      allowInsecureHttp: true,
    });
    expect((await fetch("http://127.0.0.1:3080/x")).status).toBe(200);
    const init = underlying.mock.calls[0]?.[1] as Record<PropertyKey, unknown>;
    expect(init[INSECURE_HTTP_ALLOWED]).toBe(true);
    expect(init.headers).toMatchObject({ authorization: "token 0123456789abcdef" });
  });
});

describe("insecureHttpRefusal", () => {
  const route = (url: string): ProxyRoute => ({ url, setting: "SRC_PROXY" });

  it.each([
    ["http://sg.example.com", undefined],
    ["http://10.0.0.5:3080", undefined],
    ["http://api.localhost:3080", undefined],
    ["http://sg.example.com", route("https://proxy.example.com")],
    ["http://127.0.0.1:3080", route("http://192.0.2.10:3128")],
    ["http://127.0.0.1:3080", route("http://proxy.corp.example.com:3128")],
    ["http://127.0.0.1:3080", route("socks5://192.0.2.10:1080")],
    ["http://[::1]:3080", route("socks5h://proxy.localhost:1080")],
  ])("refuses %s through %o", (target, proxy) => {
    expect(insecureHttpRefusal(new URL(target), proxy)).toMatch(
      /^Refusing to send credentials over plain HTTP/,
    );
  });

  it.each([
    ["https://sg.example.com", undefined],
    ["https://sg.example.com", route("http://192.0.2.10:3128")],
    ["https://127.0.0.1:3443", route("socks5://192.0.2.10:1080")],
    ["http://127.0.0.1:3080", undefined],
    ["http://127.0.0.1:3080", route("http://127.0.0.1:3128")],
    ["http://127.0.0.1:3080", route("socks5://127.1:1080")],
    ["http://localhost:3080", route("http://localhost:3128")],
    ["http://127.0.0.1:3080", route("https://192.0.2.10:3128")],
  ])("allows %s through %o", (target, proxy) => {
    expect(insecureHttpRefusal(new URL(target), proxy)).toBeUndefined();
  });
});

describe("isLoopbackHost", () => {
  it("recognizes localhost and literal loopback addresses: 127.0.0.0/8, [::1], [::ffff:127.x.y.z]", () => {
    const hosts = [
      "localhost",
      "LOCALHOST",
      "localhost.",
      "127.0.0.1",
      "127.1.2.3",
      "127.255.255.254",
      "[::1]",
      "::1",
      "[::ffff:7f00:1]",
      "::ffff:127.0.0.1",
    ];
    for (const host of hosts) expect(isLoopbackHost(host), host).toBe(true);
  });

  it("agrees with what URL normalizes hosts to", () => {
    for (const url of [
      "http://127.1/",
      "http://0x7f.1/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://[::ffff:127.9.8.7]/",
      "socks5://127.0.0.1:1080",
    ]) {
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(true);
    }
  });

  it("refuses names that only resolve to loopback: *.localhost, which /etc/hosts or DNS can point anywhere", () => {
    for (const host of ["api.localhost", "sg.localhost", "a.b.localhost.", "API.LOCALHOST"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("refuses everything else, including look-alikes", () => {
    const hosts = [
      "sourcegraph.com",
      "localhost.example.com",
      "127.0.0.1.nip.io",
      "10.0.0.1",
      "0.0.0.0",
      "[::2]",
      "[::ffff:a00:1]",
      "::ffff:10.0.0.1",
      "127.0.0.1/x",
      "127.0.0.1@evil.example.com",
      "",
    ];
    for (const host of hosts) expect(isLoopbackHost(host), host).toBe(false);
  });
});
