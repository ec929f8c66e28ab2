import { describe, expect, it, vi } from "vitest";
import { tokenFromFile } from "../credentials/token-from-file.js";
import { ConfigurationError } from "../errors.js";
import { loadNodeConfig, loadUndici, UNDICI_MISSING } from "./node-config.js";

// undici is an optional peer dependency: here it cannot be imported, as in a project that installed @sgkit/core
// alone. tools/check-packages.mjs checks the same on the packed tarball, with no mock.
vi.mock("undici", () => {
  throw Object.assign(new Error("Cannot find package 'undici'"), { code: "ERR_MODULE_NOT_FOUND" });
});

describe("@sgkit/core/node without undici", () => {
  it("loads, and a configuration without a proxy uses the global fetch", async () => {
    expect(typeof tokenFromFile).toBe("function");
    const config = loadNodeConfig({ env: { SRC_ENDPOINT: "https://sg.example.com" } });
    const stub = vi.fn(async () => new Response("direct"));
    vi.stubGlobal("fetch", stub);
    try {
      expect(await (await config.fetch(config.urls.graphql)).text()).toBe("direct");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("fails a proxied request rather than sending it around the proxy", async () => {
    const config = loadNodeConfig({
      env: { SRC_ENDPOINT: "https://sg.example.com", SRC_PROXY: "http://proxy.example:3128" },
    });
    const direct = vi.fn(async () => new Response("direct"));
    vi.stubGlobal("fetch", direct);
    try {
      await expect(config.fetch("https://sg.example.com/.api/graphql")).rejects.toThrow();
      expect(direct).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("loadUndici", () => {
  it("turns a missing undici into a ConfigurationError that names the setting and says to install it", async () => {
    for (const code of ["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]) {
      const missing = Object.assign(new Error("Cannot find package 'undici'"), { code });
      const error = await loadUndici("SRC_PROXY", () => Promise.reject(missing)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({
        setting: "SRC_PROXY",
        message: `SRC_PROXY: ${UNDICI_MISSING}`,
        cause: missing,
      });
      expect(UNDICI_MISSING).toContain("npm install undici");
    }
  });

  it("passes any other failure on as it is", async () => {
    const broken = new TypeError("Cannot read properties of undefined (reading 'bind')");
    await expect(loadUndici("SRC_PROXY", () => Promise.reject(broken))).rejects.toBe(broken);
  });
});
