import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { isIdempotentMethod } from "./is-idempotent.js";
import { toHttpRequest } from "./to-http-request.js";

const defaults = {
  timeoutMs: 30_000,
  isIdempotent: isIdempotentMethod,
  headers: new Headers({ "x-proxy": "p" }),
  userAgent: "sgkit/1",
};

describe("toHttpRequest", () => {
  it("fills in fetch's defaults and the client's", async () => {
    const request = await toHttpRequest("https://sg.example.com/x", {}, defaults);
    expect(request).toMatchObject({
      method: "GET",
      body: null,
      idempotent: true,
      timeoutMs: 30_000,
      redirect: "follow",
      attempt: 1,
      init: {},
    });
    expect(request.url.href).toBe("https://sg.example.com/x");
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
    expect([...request.headers]).toEqual([
      ["user-agent", "sgkit/1"],
      ["x-b", "2"],
      ["x-proxy", "p"],
    ]);
    expect(request.signal?.aborted).toBe(false);
  });

  it("reads a Request's body into memory, so that it can be sent again", async () => {
    const input = new Request("https://sg.example.com/x", { method: "PUT", body: "data" });
    const request = await toHttpRequest(input, {}, defaults);
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
    await expect(toHttpRequest("/relative", {}, defaults)).rejects.toThrow(ConfigurationError);
    await expect(toHttpRequest("ftp://sg.example.com/", {}, defaults)).rejects.toThrow(ConfigurationError);
    await expect(toHttpRequest("https://u:p@sg.example.com/", {}, defaults)).rejects.toThrow(
      /user name or password/,
    );
    await expect(toHttpRequest("https://sg.example.com/", { body: "x" }, defaults)).rejects.toThrow(
      TypeError,
    );
    await expect(toHttpRequest("https://sg.example.com/", { timeoutMs: -1 }, defaults)).rejects.toThrow(
      TypeError,
    );
  });
});
