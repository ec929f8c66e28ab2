import { describe, expect, it } from "vitest";
import { createCanaryToken, findSecret } from "../canary.js";
import { ConfigurationError } from "../errors.js";
import {
  composeMiddleware,
  type HttpRequest,
  headerRecord,
  isReplayableBody,
  type Middleware,
  type SourcegraphRequestInit,
  toHttpRequest,
} from "./request.js";
import { isIdempotentMethod } from "./retry.js";

describe("composeMiddleware", () => {
  it("runs the first middleware outermost", async () => {
    const trace: string[] = [];
    const layer =
      (name: string): Middleware =>
      (next) =>
      async (request) => {
        trace.push(`>${name}`);
        const response = await next(request);
        trace.push(`<${name}`);
        return response;
      };
    const handler = composeMiddleware([layer("a"), layer("b")], async () => {
      trace.push("fetch");
      return new Response("ok");
    });
    await handler({} as HttpRequest);
    expect(trace).toEqual([">a", ">b", "fetch", "<b", "<a"]);
  });
});

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

/** What fetch itself makes of `init`, or the error it throws. */
function asFetchSeesIt(init: HeadersInit): Record<string, string> | TypeError {
  try {
    return Object.fromEntries(new Headers(init));
  } catch (error) {
    return error as TypeError;
  }
}

function attempt(init: HeadersInit): Record<string, string> | TypeError {
  try {
    return headerRecord(init);
  } catch (error) {
    return error as TypeError;
  }
}

describe("headerRecord", () => {
  it("reads a plain record as fetch would, or refuses it as fetch would", () => {
    const records: Record<string, string>[] = [
      {},
      { "Content-Type": " application/json\t", Accept: "\r\n*/*\n" },
      { "X-A": "1", "x-a": "2", "X-a": "" },
      { "x-tab": "a\tb", "x-latin1": "caf\u00e9 \u00ff", constructor: "c", "!#$%&'*+.^_`|~": "t" },
      { "bad name": "x" },
      { "": "x" },
      { "x-caf\u00e9": "x" },
      { "x-a": "a\r\nb" },
      { "x-a": "a\nb" },
      { "x-a": "a\0b" },
      { "x-a": "\u0100" },
      { "x-a": "emoji \u{1f600}" },
    ];
    for (const init of records) {
      const expected = asFetchSeesIt(init);
      const actual = attempt(init);
      if (expected instanceof TypeError) expect(actual, JSON.stringify(init)).toBeInstanceOf(TypeError);
      else expect(actual, JSON.stringify(init)).toEqual(expected);
    }
  });

  it("reads Headers and lists of pairs through Headers", () => {
    expect(headerRecord(new Headers({ "X-A": "1" }))).toEqual({ "x-a": "1" });
    expect(
      headerRecord([
        ["X-A", "1"],
        ["x-a", "2"],
      ]),
    ).toEqual({ "x-a": "1, 2" });
    expect(() => headerRecord([["bad name", "1"]])).toThrow(TypeError);
  });

  it("names a refused header but never quotes its value", () => {
    const token = createCanaryToken();
    for (const [init, message] of [
      [{ "Bad Name": "x" }, /^"Bad Name" is not a valid HTTP header name\.$/],
      [{ "X-Token": `${token}\r\nX-Injected: 1` }, /^The value of the "x-token" header cannot be sent/],
      [{ "X-Token": `${token}\0` }, /^The value of the "x-token" header cannot be sent/],
      [{ "X-Token": `${token}\u0100` }, /^The value of the "x-token" header cannot be sent/],
    ] as const) {
      const error = attempt(init);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toMatch(message);
      expect(findSecret(token, error)).toBeUndefined();
    }
  });

  it("redacts a credential put in a name by a misplaced colon", () => {
    const token = createCanaryToken();
    const error = attempt({ [`Authorization: Bearer ${token}`]: "" });
    expect((error as TypeError).message).toMatch(/is not a valid HTTP header name/);
    expect(findSecret(token, error)).toBeUndefined();
  });
});

describe("isReplayableBody", () => {
  it("accepts bodies that can be sent twice", () => {
    const bodies = [
      null,
      undefined,
      "text",
      new ArrayBuffer(2),
      new Uint8Array(2),
      new DataView(new ArrayBuffer(1)),
      new URLSearchParams("a=1"),
      new Blob(["x"]),
      new FormData(),
    ];
    for (const body of bodies) expect(isReplayableBody(body)).toBe(true);
  });

  it("refuses a stream, which the first send consumes", () => {
    expect(isReplayableBody(new Blob(["x"]).stream())).toBe(false);
  });
});
