import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadNodeConfig } from "./load-node-config.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("loadNodeConfig", () => {
  it("adds the global fetch when there is no proxy, looked up at call time", async () => {
    const config = loadNodeConfig({ env: { SRC_ENDPOINT: "https://sg.example.com" } });
    expect(config).toMatchObject({ endpoint: "https://sg.example.com", proxy: undefined });
    const stub = vi.fn(async () => new Response("direct"));
    vi.stubGlobal("fetch", stub);
    expect(await (await config.fetch(config.urls.graphql, { method: "POST" })).text()).toBe("direct");
    expect(stub).toHaveBeenCalledWith(config.urls.graphql, { method: "POST" });
  });

  it("adds a fetch that goes through SRC_PROXY", async () => {
    const proxied: string[] = [];
    const proxy = createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      res.end("via proxy");
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    try {
      const { port } = proxy.address() as AddressInfo;
      const config = loadNodeConfig({
        env: { SRC_ENDPOINT: "http://sg.invalid", SRC_PROXY: `http://127.0.0.1:${port}` },
      });
      const direct = vi.fn();
      vi.stubGlobal("fetch", direct);
      expect(await (await config.fetch(config.urls.graphql, { method: "POST", body: "{}" })).text()).toBe(
        "via proxy",
      );
      expect(proxied).toEqual(["POST http://sg.invalid/.api/graphql"]);
      expect(direct).not.toHaveBeenCalled();
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it("refuses what loadConfig refuses", () => {
    expect(() => loadNodeConfig({ env: { SRC_PROXY: "ftp://proxy" } })).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "SRC_PROXY" }),
    );
  });
});
