import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/use-nock.js";
import { createTokenCredentials } from "../credentials/create-token-credentials.js";
import { createCanaryToken } from "../testing/create-canary-token.js";
import { findSecret } from "../testing/find-secret.js";
import { VERSION } from "../version.js";
import { createSourcegraphFetch } from "./create-sourcegraph-fetch.js";

const ORIGIN = "https://sg.example.com";

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

useNock();

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
