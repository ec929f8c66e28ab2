import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/use-nock.js";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createSourcegraphFetch, type SourcegraphFetch } from "./create-sourcegraph-fetch.js";

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
