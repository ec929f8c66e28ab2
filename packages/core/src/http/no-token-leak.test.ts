import { inspect } from "node:util";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { useNock } from "../../test/use-nock.js";
import type { Credentials } from "../credentials/credentials.js";
import { createSourcegraphFetch, type SourcegraphFetchOptions } from "./create-sourcegraph-fetch.js";
import type { DebugEvent } from "./debug-event.js";
import { errorFromResponse } from "./error-from-response.js";

// The canary: a token in Sourcegraph's format, which every failure below tries to leak.
const CANARY = `sgp_0123456789abcdef_${"0123456789abcdef".repeat(2)}01234567`;
const ORIGIN = "https://sg.example.com";
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

useNock();
afterEach(() => {
  for (const event of events.splice(0)) expect(JSON.stringify(event)).not.toContain(CANARY);
});

describe("the token never leaks", () => {
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
