import { inspect } from "node:util";
import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import { createCanaryToken, findSecret } from "../canary.js";
import type { Credentials } from "../credentials/credentials.js";
import { createTokenCredentials } from "../credentials/token.js";
import { ConfigurationError, NetworkError } from "../errors.js";
import { VERSION } from "../version.js";
import type { DebugEvent } from "./debug.js";
import { errorFromResponse } from "./error-from-response.js";
import {
  createSourcegraphFetch,
  fetchHandler,
  type SourcegraphFetch,
  type SourcegraphFetchOptions,
} from "./fetch.js";
import type { HttpRequest } from "./request.js";

const ORIGIN = "https://sg.example.com";

useNock();

describe("createSourcegraphFetch", () => {
  it("can stand in for fetch", () => {
    const standIn: typeof fetch = createSourcegraphFetch({ api: "graphql" });
    const back: SourcegraphFetch = fetch;
    expect(typeof standIn).toBe("function");
    expect(typeof back).toBe("function");
  });

  it("resolves with an error response as it is, for the caller to parse", async () => {
    const body = { errors: [{ message: "Syntax Error", extensions: { code: "GRAPHQL_PARSE_FAILED" } }] };
    nock(ORIGIN).post("/.api/graphql").reply(400, body);
    const response = await createSourcegraphFetch({ api: "graphql" })(`${ORIGIN}/.api/graphql`, {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(body);
  });

  it("reports the attempt number a caller retrying above it gives, and makes one attempt with retry: false", async () => {
    const events: Array<{ type: string; attempt?: number }> = [];
    nock(ORIGIN).post("/x").reply(503);
    const sourcegraphFetch = createSourcegraphFetch({
      api: "http-api",
      retry: false,
      onDebug: (event) => events.push(event),
    });
    const response = await sourcegraphFetch(`${ORIGIN}/x`, { method: "POST", idempotent: true, attempt: 3 });
    expect(response.status).toBe(503);
    expect(events.map((event) => [event.type, event.attempt])).toEqual([
      ["request", 3],
      ["response", 3],
    ]);
  });

  it("sends a Request given as input", async () => {
    const seen: string[] = [];
    nock(ORIGIN)
      .put("/x", "data")
      .reply((request: Request) => {
        seen.push(`${request.headers.get("x-a")}`);
        return [204];
      });
    const input = new Request(`${ORIGIN}/x`, { method: "PUT", body: "data", headers: { "x-a": "1" } });
    expect((await createSourcegraphFetch({ api: "graphql" })(input)).status).toBe(204);
    expect(seen).toEqual(["1"]);
  });

  it("uses the given fetch instead of the global one", async () => {
    const custom = vi.fn(async () => new Response("custom"));
    const fetch = createSourcegraphFetch({ api: "graphql", fetch: custom });
    expect(await (await fetch(`${ORIGIN}/x`)).text()).toBe("custom");
  });

  it("rejects, rather than throws, for a bad request", async () => {
    const fetch = createSourcegraphFetch({ api: "graphql" });
    const pending = fetch("not a url");
    await expect(pending).rejects.toBeInstanceOf(ConfigurationError);
  });

  it("refuses bad options when created", () => {
    expect(() => createSourcegraphFetch({ api: "graphql", timeoutMs: -1 })).toThrow(ConfigurationError);
    expect(() => createSourcegraphFetch({ api: "graphql", timeoutMs: 2 ** 31 })).toThrow(ConfigurationError);
    expect(() => createSourcegraphFetch({ api: "graphql", maxRedirects: 1.5 })).toThrow(ConfigurationError);
    expect(() => createSourcegraphFetch({ api: "graphql", retry: { maxAttempts: 0 } })).toThrow(
      ConfigurationError,
    );
  });
});

describe("fetchHandler", () => {
  const request: HttpRequest = {
    method: "POST",
    url: new URL("https://sg.example.com/x"),
    headers: { "x-a": "1" },
    body: "{}",
    signal: undefined,
    idempotent: false,
    timeoutMs: 0,
    redirect: "follow",
    attempt: 1,
    init: { keepalive: true },
  };

  it("sends with redirect: manual and the request's fields", async () => {
    const fetch = vi.fn(async () => new Response("ok"));
    await fetchHandler(() => fetch)(request);
    expect(fetch).toHaveBeenCalledWith("https://sg.example.com/x", {
      keepalive: true,
      method: "POST",
      headers: { "x-a": "1" },
      body: "{}",
      redirect: "manual",
    });
  });

  it("looks the fetch up on every request", async () => {
    let current = vi.fn(async () => new Response("a"));
    const handler = fetchHandler(() => current);
    await handler(request);
    current = vi.fn(async () => new Response("b"));
    expect(await (await handler(request)).text()).toBe("b");
  });

  it("marks a stream body as half duplex, as Node requires", async () => {
    const fetch = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => new Response("ok"));
    await fetchHandler(() => fetch)({ ...request, body: new Blob(["x"]).stream() });
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ duplex: "half" });
  });

  it("turns a rejection into a NetworkError naming the socket error", async () => {
    const cause = Object.assign(new Error("getaddrinfo ENOTFOUND sg.example.com"), { code: "ENOTFOUND" });
    const handler = fetchHandler(() => async () => {
      throw new TypeError("fetch failed", { cause });
    });
    const error = await handler(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toBe(
      "POST https://sg.example.com/x failed before any response: getaddrinfo ENOTFOUND sg.example.com",
    );
    expect((error as NetworkError).cause).toMatchObject({ message: "fetch failed" });
  });

  it("passes a ConfigurationError of the underlying fetch on as it is: nothing was sent, so no retry helps", async () => {
    const refusal = new ConfigurationError("refused", { setting: "allowInsecureHttp" });
    const handler = fetchHandler(() => async () => {
      throw refusal;
    });
    await expect(handler(request)).rejects.toBe(refusal);
  });

  it("passes an abort on as it is", async () => {
    const controller = new AbortController();
    controller.abort();
    const handler = fetchHandler(() => async () => {
      throw controller.signal.reason;
    });
    await expect(handler({ ...request, signal: controller.signal })).rejects.toBe(controller.signal.reason);
  });
});

function recordHeaders() {
  const seen: Headers[] = [];
  nock(ORIGIN)
    .persist()
    .get("/x")
    .reply((request: Request) => {
      seen.push(request.headers);
      return [200];
    });
  return seen;
}

describe("the client's headers", () => {
  it("sends User-Agent sgkit/<version> by default", async () => {
    const seen = recordHeaders();
    await createSourcegraphFetch({ api: "graphql" })(`${ORIGIN}/x`);
    expect(seen[0]?.get("user-agent")).toBe(`sgkit/${VERSION}`);
  });

  it("puts the application's product token first", async () => {
    const seen = recordHeaders();
    await createSourcegraphFetch({ api: "graphql", userAgent: "perm-sync/2.1" })(`${ORIGIN}/x`);
    expect(seen[0]?.get("user-agent")).toBe(`perm-sync/2.1 sgkit/${VERSION}`);
  });

  it("adds the extra headers an auth proxy needs, to every request", async () => {
    const seen = recordHeaders();
    const fetch = createSourcegraphFetch({
      api: "graphql",
      headers: { "x-proxy-user": "ci-bot", "CF-Access-Client-Id": "abc.access" },
    });
    await fetch(`${ORIGIN}/x`);
    await fetch(`${ORIGIN}/x`, { headers: { Accept: "text/event-stream" } });
    for (const headers of seen) {
      expect(headers.get("x-proxy-user")).toBe("ci-bot");
      expect(headers.get("cf-access-client-id")).toBe("abc.access");
    }
    expect(seen[1]?.get("accept")).toBe("text/event-stream");
  });

  it("lets a request's own header win", async () => {
    const seen = recordHeaders();
    const fetch = createSourcegraphFetch({ api: "graphql", headers: { "x-proxy-user": "ci-bot" } });
    await fetch(`${ORIGIN}/x`, { headers: { "X-Proxy-User": "alice", "User-Agent": "custom/1" } });
    expect(seen[0]?.get("x-proxy-user")).toBe("alice");
    expect(seen[0]?.get("user-agent")).toBe("custom/1");
  });

  it("sends each header once, the request's own over the client's whatever the case of either", async () => {
    const fetch = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => new Response(null));
    const sourcegraphFetch = createSourcegraphFetch({
      api: "graphql",
      fetch,
      headers: { "X-Proxy-User": "ci-bot", "x-team": "platform" },
      userAgent: "perm-sync/2.1",
    });
    await sourcegraphFetch(`${ORIGIN}/x`, { headers: { "x-proxy-user": "alice", "USER-AGENT": "custom/1" } });
    await sourcegraphFetch(`${ORIGIN}/x`);
    expect(fetch.mock.calls.map(([, init]) => init?.headers)).toEqual([
      { "x-proxy-user": "alice", "x-team": "platform", "user-agent": "custom/1" },
      { "x-proxy-user": "ci-bot", "x-team": "platform", "user-agent": `perm-sync/2.1 sgkit/${VERSION}` },
    ]);
  });

  it("refuses a header fetch would refuse before sending anything, without quoting its value", async () => {
    const token = createCanaryToken();
    const fetch = vi.fn(async () => new Response(null));
    const sourcegraphFetch = createSourcegraphFetch({
      api: "http-api",
      fetch,
      credentials: createTokenCredentials(token),
    });
    for (const [headers, message] of [
      [{ "X Token": token }, /"X Token" is not a valid HTTP header name/],
      [{ "X-Token": `${token}\nX-Injected: 1` }, /"x-token" header cannot be sent/],
    ] as const) {
      const error = await sourcegraphFetch(`${ORIGIN}/x`, { method: "POST", headers }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toMatch(message);
      expect(findSecret(token, error)).toBeUndefined();
    }
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("the token never leaks", () => {
  // The canary: a token in Sourcegraph's format, which every failure below tries to leak.
  const CANARY = `sgp_0123456789abcdef_${"0123456789abcdef".repeat(2)}01234567`;
  const AUTHORIZATION = `token ${CANARY}`;
  const credentials: Credentials = { type: "token", authorization: async () => AUTHORIZATION };

  /** Every way an error is commonly printed or logged, for it and each error in its cause chain. */
  function renderings(error: unknown): string[] {
    const texts = [String(error), JSON.stringify(error), inspect(error, { depth: 10 })];
    for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
      texts.push(e.message, e.stack ?? "", String(e));
    }
    return texts;
  }

  function expectNoCanary(...values: unknown[]): void {
    for (const value of values) {
      for (const text of renderings(value)) expect(text).not.toContain(CANARY);
    }
  }

  const events: DebugEvent[] = [];

  function leakyFetch(options: Partial<SourcegraphFetchOptions> = {}) {
    return createSourcegraphFetch({
      api: "graphql",
      credentials,
      onDebug: (event) => events.push(event),
      sleep: async () => {},
      ...options,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => expect.unreachable("expected a failure"),
      (error: unknown) => error,
    );
  }

  /** A server that echoes the token back in its body and headers, as broken proxies do. */
  function echoing(status: number, headers: Record<string, string> = {}) {
    return nock(ORIGIN)
      .persist()
      .get("/echo")
      .reply(status, `Invalid access token ${CANARY}. You sent: Authorization: ${AUTHORIZATION}`, {
        "WWW-Authenticate": `token ${CANARY}`,
        "X-Echo": CANARY,
        "Content-Type": "text/plain",
        ...headers,
      });
  }

  afterEach(() => {
    for (const event of events.splice(0)) expect(JSON.stringify(event)).not.toContain(CANARY);
  });

  it("from network errors that quote it, after retries", async () => {
    nock(ORIGIN)
      .persist()
      .get("/x")
      .query(true)
      .replyWithError(
        Object.assign(new Error(`socket hang up; sent ${AUTHORIZATION}`), { code: "ECONNRESET" }),
      );
    const error = await failure(leakyFetch()(`${ORIGIN}/x?access_token=${CANARY}`));
    expect(error).toMatchObject({ name: "NetworkError" });
    expect(events.filter((event) => event.type === "retry")).toHaveLength(3);
    expectNoCanary(error);
  });

  it.each([
    [401, "AuthenticationError"],
    [403, "PermissionDeniedError"],
    [429, "RateLimitedError"],
    [500, "SourcegraphError"],
  ])("from errorFromResponse on an HTTP %i that echoes it", async (status, name) => {
    echoing(status, { "Retry-After": "1" });
    const fetch = leakyFetch({ retry: { maxAttempts: 2 } });
    const response = await fetch(`${ORIGIN}/echo`);
    expect(response.status).toBe(status);
    const error = await errorFromResponse(response, {
      method: "GET",
      url: `${ORIGIN}/echo?token=${CANARY}`,
      headers: { Authorization: AUTHORIZATION },
    });
    expect(error.name).toBe(name);
    expect(error.response?.body).toContain("Invalid access token [REDACTED]");
    expectNoCanary(error);
  });

  it("from a JSON error body that quotes it", async () => {
    nock(ORIGIN)
      .get("/json")
      .reply(400, { code: "invalid_argument", message: `bad token ${CANARY}` });
    const response = await leakyFetch()(`${ORIGIN}/json`);
    const error = await errorFromResponse(response, { method: "GET", url: `${ORIGIN}/json` });
    expect(error.message).toMatch(/: bad token \[REDACTED\]$/);
    expectNoCanary(error);
  });

  it("from an echo of a sensitive extra header given directly, not through loadConfig", async () => {
    const key = `direct-key-${crypto.randomUUID()}`;
    nock(ORIGIN).get("/echo").reply(403, `bad key ${key}`);
    const fetch = createSourcegraphFetch({ api: "graphql", headers: { "X-Api-Key": key } });
    const response = await fetch(`${ORIGIN}/echo`);
    const error = await errorFromResponse(response, { method: "GET", url: `${ORIGIN}/echo` });
    expect(error.message).toMatch(/: bad key \[REDACTED\]$/);
    expect(findSecret(key, error)).toBeUndefined();
  });

  it("from a refresh that fails quoting it", async () => {
    echoing(401);
    const oauth: Credentials = {
      type: "oauth",
      authorization: async () => `Bearer ${CANARY}`,
      refresh: async (rejected) => {
        throw new Error(`could not refresh ${rejected}`);
      },
    };
    const error = await failure(leakyFetch({ credentials: oauth })(`${ORIGIN}/echo`));
    expect(error).toMatchObject({ name: "AuthenticationError" });
    expectNoCanary(error);
  });

  it("from credentials that fail quoting it, or produce a broken header holding it", async () => {
    nock(ORIGIN).persist().get("/x").reply(200);
    const throwing: Credentials = {
      type: "token",
      authorization: async () => {
        throw new Error(`token ${CANARY} is not allowed here`);
      },
    };
    const broken: Credentials = {
      type: "token",
      authorization: async () => `token ${CANARY}\r\nX-Injected: 1`,
    };
    const errors = [
      await failure(leakyFetch({ credentials: throwing })(`${ORIGIN}/x`)),
      await failure(leakyFetch({ credentials: broken })(`${ORIGIN}/x`)),
    ];
    expect(errors.map((e) => (e as Error).name)).toEqual(["AuthenticationError", "ConfigurationError"]);
    expectNoCanary(...errors);
  });

  it("from redirects, refused or endless, whose Location holds it", async () => {
    nock(ORIGIN)
      .get("/away")
      .reply(302, "", { Location: `https://evil.example.net/${CANARY}?code=${CANARY}` });
    nock(ORIGIN)
      .persist()
      .get("/loop")
      .query(true)
      .reply(302, "", { Location: `/loop?token=${CANARY}` });
    const errors = [
      await failure(leakyFetch()(`${ORIGIN}/away`)),
      await failure(leakyFetch({ maxRedirects: 1 })(`${ORIGIN}/loop`)),
    ];
    expect(errors.map((e) => (e as Error).name)).toEqual(["SourcegraphError", "SourcegraphError"]);
    expectNoCanary(...errors);
  });

  it("from configuration errors", async () => {
    nock(ORIGIN).get("/x").reply(200);
    const errors = [
      await failure(leakyFetch()(`http://sg.internal.example.com/x?token=${CANARY}`)),
      await failure(leakyFetch()(`${ORIGIN}/x`, { headers: { Authorization: AUTHORIZATION } })),
    ];
    expect(errors.map((e) => (e as Error).name)).toEqual(["ConfigurationError", "ConfigurationError"]);
    expectNoCanary(...errors);
  });

  it("from retries that are skipped or made", async () => {
    nock(ORIGIN).get("/limited").query(true).reply(429, CANARY, { "Retry-After": "3600", "X-Echo": CANARY });
    nock(ORIGIN).get("/flaky").query(true).reply(503, CANARY);
    nock(ORIGIN).get("/flaky").query(true).reply(200, "ok");
    const fetch = leakyFetch();
    expect((await fetch(`${ORIGIN}/limited?token=${CANARY}`)).status).toBe(429);
    expect((await fetch(`${ORIGIN}/flaky?token=${CANARY}`)).status).toBe(200);
    expect(events.map((event) => event.type)).toContain("retry-skipped");
    expect(events.map((event) => event.type)).toContain("retry");
  });
});
