import nock from "nock";
import { describe, expect, it } from "vitest";
import { useNock } from "../../test/use-nock.js";
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
});
