import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createCanaryToken } from "../testing/create-canary-token.js";
import { findSecret } from "../testing/find-secret.js";
import { isIdempotentMethod } from "./is-idempotent.js";
import type { HttpRequest } from "./middleware.js";
import type { SourcegraphRequestInit } from "./sourcegraph-request-init.js";
import { toHttpRequest } from "./to-http-request.js";

const defaults = {
  timeoutMs: 30_000,
  isIdempotent: isIdempotentMethod,
  headers: { "x-proxy": "p", "user-agent": "sgkit/1" },
};

describe("toHttpRequest", () => {
  it("fills in fetch's defaults and the client's, without a promise to wait for", () => {
    const request = toHttpRequest("https://sg.example.com/x", {}, defaults);
    expect(request).not.toBeInstanceOf(Promise);
    expect(request).toMatchObject({
      method: "GET",
      body: null,
      idempotent: true,
      timeoutMs: 30_000,
      redirect: "follow",
      attempt: 1,
      init: {},
    });
    expect((request as HttpRequest).url.href).toBe("https://sg.example.com/x");
    expect((request as HttpRequest).headers).toEqual({ "x-proxy": "p", "user-agent": "sgkit/1" });
  });

  it("parses a URL string once for the requests that follow to it, and every other one afresh", () => {
    const url = (input: string) => (toHttpRequest(input, {}, defaults) as HttpRequest).url;
    const first = url("https://sg.example.com/a");
    expect(url("https://sg.example.com/a")).toBe(first);
    const other = url("https://sg.example.com/b?q=1");
    expect(other.href).toBe("https://sg.example.com/b?q=1");
    expect(url("https://sg.example.com/a").href).toBe("https://sg.example.com/a");
    // A bad URL is refused every time, not only the first.
    expect(() => url("ftp://sg.example.com/a")).toThrow(ConfigurationError);
    expect(() => url("ftp://sg.example.com/a")).toThrow(ConfigurationError);
  });

  it("lets a request's own header win over the client's, whatever its case", async () => {
    const request = await toHttpRequest(
      "https://sg.example.com/x",
      { headers: { "X-PROXY": "mine", "User-Agent": "custom/1" } },
      defaults,
    );
    expect(request.headers).toEqual({ "x-proxy": "mine", "user-agent": "custom/1" });
  });

  it("refuses a header fetch would refuse, before any layer runs, without quoting its value", async () => {
    const token = createCanaryToken();
    const headers = { "X-Token": `${token}\r\nX-Injected: 1` };
    const error = await settle("https://sg.example.com/x", { headers }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/"x-token" header cannot be sent/);
    expect(findSecret(token, error)).toBeUndefined();
  });

  it("takes the per-request options and passes the rest of init through", async () => {
    const dispatcher = {};
    const init = { method: "post", body: "{}", idempotent: true, timeoutMs: 0, keepalive: true, dispatcher };
    const request = await toHttpRequest(new URL("https://sg.example.com/x"), init, defaults);
    expect(request).toMatchObject({ method: "POST", body: "{}", idempotent: true, timeoutMs: 0 });
    expect(request.init).toEqual({ keepalive: true, dispatcher });
  });

  it("reads a Request, with init winning", async () => {
    const signal = new AbortController().signal;
    const input = new Request("https://sg.example.com/x", {
      method: "DELETE",
      headers: { "X-A": "1" },
      signal,
      redirect: "manual",
    });
    const request = await toHttpRequest(input, { headers: { "X-B": "2" } }, defaults);
    expect(request.method).toBe("DELETE");
    expect(request.idempotent).toBe(true);
    expect(request.redirect).toBe("manual");
    expect(request.headers).toEqual({ "user-agent": "sgkit/1", "x-b": "2", "x-proxy": "p" });
    expect(request.signal?.aborted).toBe(false);
  });

  it("copies a Request's own headers when init has none", async () => {
    const input = new Request("https://sg.example.com/x", { headers: { "X-A": "1", "X-Proxy": "mine" } });
    const request = await toHttpRequest(input, {}, defaults);
    expect(request.headers).toEqual({ "x-a": "1", "x-proxy": "mine", "user-agent": "sgkit/1" });
  });

  it("reads a Request's body into memory, so that it can be sent again", async () => {
    const input = new Request("https://sg.example.com/x", { method: "PUT", body: "data" });
    const pending = toHttpRequest(input, {}, defaults);
    expect(pending).toBeInstanceOf(Promise);
    const request = await pending;
    expect(new TextDecoder().decode(request.body as ArrayBuffer)).toBe("data");
    const stream = new Blob(["x"]).stream();
    expect(
      (await toHttpRequest("https://sg.example.com/x", { method: "PUT", body: stream }, defaults)).body,
    ).toBe(stream);
  });

  it("asks isIdempotent with the method and URL", async () => {
    const seen: string[] = [];
    await toHttpRequest(
      "https://sg.example.com/x",
      { method: "POST" },
      {
        ...defaults,
        isIdempotent: (method, url) => {
          seen.push(`${method} ${url.pathname}`);
          return true;
        },
      },
    );
    expect(seen).toEqual(["POST /x"]);
  });

  it("refuses what no retry could fix", async () => {
    await expect(settle("/relative")).rejects.toThrow(ConfigurationError);
    await expect(settle("ftp://sg.example.com/")).rejects.toThrow(ConfigurationError);
    await expect(settle("https://u:p@sg.example.com/")).rejects.toThrow(/user name or password/);
    await expect(settle("https://sg.example.com/", { body: "x" })).rejects.toThrow(TypeError);
    await expect(settle("https://sg.example.com/", { timeoutMs: -1 })).rejects.toThrow(TypeError);
  });
});

/** `toHttpRequest` with the test's defaults, its synchronous throws turned into rejections. */
async function settle(input: string, init: SourcegraphRequestInit = {}): Promise<HttpRequest> {
  return toHttpRequest(input, init, defaults);
}
