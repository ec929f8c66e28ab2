import {
  AuthenticationError,
  ConfigurationError,
  type ConnectionOptions,
  type DebugEvent,
  SourcegraphError,
} from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSearchClient, type SearchOptions } from "./client.js";
import type { CollectOptions } from "./collect.js";
import { IncompleteStreamError } from "./errors.js";
import type { SearchEvent } from "./events.js";
import { VERSION } from "./version.js";

// nock stands in for /.api/search/stream; client.loopback.test.ts and readme.test.ts use real loopback HTTP.

const ORIGIN = "https://sg.example.com";
const TOKEN = "sgp_local_0000000000000000000000000000000000000000";
const SSE = { "Content-Type": "text/event-stream" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const seen: Headers[] = [];
afterEach(() => {
  seen.length = 0;
});

/** Answers GET /.api/search/stream with exactly `query` (and no other parameters). */
function serve(
  query: Record<string, string>,
  status: number,
  body: string,
  headers: Record<string, string> = SSE,
) {
  return nock(ORIGIN)
    .get("/.api/search/stream")
    .query((actual) => JSON.stringify(actual) === JSON.stringify(query))
    .reply(async (request: Request) => {
      seen.push(request.headers);
      return [status, body, headers];
    });
}

async function all(iterable: AsyncIterable<SearchEvent>): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

/** A connection's options and one search's, given together as the tests below give them. */
type Options = ConnectionOptions & SearchOptions & CollectOptions;
const SEARCH_KEYS = new Set(["signal", "patternType", "chunkMatches", "contextLines", "displayLimit"]);
for (const key of ["maxLineLength", "version", "trace", "maxEventSize", "throwOnError"]) SEARCH_KEYS.add(key);

function split(both: Options): [ConnectionOptions, SearchOptions & CollectOptions] {
  const entries = Object.entries(both);
  return [
    Object.fromEntries(entries.filter(([key]) => !SEARCH_KEYS.has(key))) as ConnectionOptions,
    Object.fromEntries(entries.filter(([key]) => SEARCH_KEYS.has(key))),
  ];
}
/** One client per search, as a caller that does not keep its client would. */
function search(query: string, both: Options) {
  const [connection, searchOptions] = split(both);
  return createSearchClient(connection).search(query, searchOptions);
}
function searchAll(query: string, both: Options) {
  const [connection, searchOptions] = split(both);
  return createSearchClient(connection).searchAll(query, searchOptions);
}

const options = (more: Partial<Options> = {}): Options => ({
  endpoint: ORIGIN,
  token: TOKEN,
  ...more,
});
const match = { type: "content", path: "a.go", repositoryID: 1, repository: "r", lineMatches: [] };
const wire = `event: matches\ndata: ${JSON.stringify([match])}\n\nevent: progress\ndata: {"done":true,"matchCount":1,"durationMs":3,"skipped":[]}\n\nevent: done\ndata: {}\n\n`;

describe("search on the wire", () => {
  it("GETs /.api/search/stream with the query parameters, Accept, token auth and User-Agent, and parses events", async () => {
    const scope = serve({ q: "repo:api foo", v: "V3", display: "-1" }, 200, wire);
    const events = await all(search("repo:api foo", options()));
    expect(scope.isDone()).toBe(true);
    expect(events.map((event) => event.type)).toEqual(["matches", "progress", "done"]);
    expect(events[0]).toEqual({ type: "matches", data: [match] });
    const [headers] = seen;
    expect(headers?.get("accept")).toBe("text/event-stream");
    expect(headers?.get("authorization")).toBe(`token ${TOKEN}`);
    expect(headers?.get("user-agent")).toContain(`sgkit-search/${VERSION}`);
    expect(headers?.get("x-sourcegraph-should-trace")).toBeNull();
  });

  it("sends every option as its parameter, trace as a header, extra headers", async () => {
    const scope = serve(
      { q: "foo", v: "V2", t: "regexp", display: "100", "max-line-len": "500", cm: "t", cl: "2" },
      200,
      wire,
    );
    await all(
      search(
        "foo",
        options({
          version: "V2",
          patternType: "regexp",
          displayLimit: 100,
          maxLineLength: 500,
          chunkMatches: true,
          contextLines: 2,
          trace: true,
          headers: { "X-Proxy": "yes" },
        }),
      ),
    );
    expect(scope.isDone()).toBe(true);
    expect(seen[0]?.get("x-sourcegraph-should-trace")).toBe("true");
    expect(seen[0]?.get("x-proxy")).toBe("yes");
  });

  it("exposes the response's X-Trace header as the stream's trace, and searchAll's", async () => {
    const q = { q: "x", v: "V3", display: "-1" };
    serve(q, 200, wire, { ...SSE, "X-Trace": "4bf92f3577b34da6a3ce929d0e0e4736" });
    const stream = search("x", options({ trace: true }));
    expect(stream.trace).toBeUndefined();
    await all(stream);
    expect(stream.trace).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    serve(q, 200, wire, { ...SSE, "X-Trace": "0af7651916cd43dd8448eb211c80319c" });
    expect((await searchAll("x", options({ trace: true }))).trace).toBe("0af7651916cd43dd8448eb211c80319c");
    serve(q, 200, wire);
    expect(await searchAll("x", options())).not.toHaveProperty("trace");
  });

  it("builds the URL under a path prefix, encoding the query", () => {
    expect(createSearchClient({ endpoint: "https://h.example.com/sg/" }).url("a b&c=d")).toBe(
      "https://h.example.com/sg/.api/search/stream?q=a+b%26c%3Dd&v=V3&display=-1",
    );
  });

  it("refuses bad options before sending anything", () => {
    expect(() => search("x", options({ credentials: {} as never }))).toThrow(ConfigurationError);
    expect(() => search("x", options({ contextLines: 1 }))).toThrow(/chunkMatches/);
    expect(() => search("x", options({ displayLimit: 1.5 }))).toThrow(ConfigurationError);
  });

  it("a 401 with a plain-text body is an AuthenticationError quoting it", async () => {
    serve({ q: "x", v: "V3", display: "-1" }, 401, "Invalid access token.", { "Content-Type": "text/plain" });
    const error = await all(search("x", options())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).message).toContain("Invalid access token.");
    expect((error as AuthenticationError).response?.body).toBe("Invalid access token.");
  });

  it("a 200 that is not an event stream (an auth proxy's login page) is an error, not an empty search", async () => {
    serve({ q: "x", v: "V3", display: "-1" }, 200, "<html>login</html>", { "Content-Type": "text/html" });
    await expect(all(search("x", options()))).rejects.toThrow(/instead of text\/event-stream/);
  });

  it("a stream cut before done is an IncompleteStreamError; searchAll carries the partial matches", async () => {
    const cut = wire.slice(0, wire.indexOf("event: done"));
    serve({ q: "x", v: "V3", display: "-1" }, 200, cut);
    const error = await searchAll("x", options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as IncompleteStreamError).partial?.matches).toEqual([match]);
  });

  it("an error event then done: searchAll throws StreamingSearchError after done", async () => {
    serve({ q: "x", v: "V3", display: "-1" }, 200, `event: error\ndata: {"message":"boom"}\n\n${wire}`);
    await expect(searchAll("x", options())).rejects.toMatchObject({
      name: "StreamingSearchError",
      results: { error: "boom", matches: [match] },
    });
  });

  it("an already aborted signal sends nothing", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(all(search("x", options({ signal: controller.signal })))).rejects.toThrow("stop");
  });
});

describe("canary", () => {
  it("the token is absent from errors, debug events and the iterable", async () => {
    const token = createCanaryToken();
    const events: DebugEvent[] = [];
    const errors: unknown[] = [];
    const echo = `Invalid access token ${token}.`;
    const q = { q: token, v: "V3", display: "-1" };
    serve(q, 401, echo, { "Content-Type": "text/plain" });
    serve(q, 500, JSON.stringify({ message: echo }), { "Content-Type": "application/json" });
    serve(q, 200, `event: matches\ndata: [${JSON.stringify(echo)}`);
    const iterable = search(token, {
      endpoint: ORIGIN,
      token,
      onDebug: (event) => events.push(event),
      retry: false,
    });
    for (let i = 0; i < 3; i++) await all(iterable).catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(3);
    expect(errors.every((e) => e instanceof SourcegraphError)).toBe(true);
    expect(findSecret(token, ...errors, ...events, iterable)).toBeUndefined();
  });
});

describe("one client", () => {
  it("spends one retry budget across its searches, as a new client per search would not", async () => {
    const q = { q: "x", v: "V3", display: "-1" };
    // A budget of exactly one retry in the window: the first search's 503 is retried, the second's is not.
    const budget = { ratio: 0, minRetriesPerSecond: 0.1, windowMs: 10_000 };
    const client = createSearchClient({
      endpoint: ORIGIN,
      token: TOKEN,
      retry: { budget },
      internal: { sleep: async () => {} },
    });
    serve(q, 503, "busy", { "Content-Type": "text/plain" });
    serve(q, 200, wire);
    expect((await client.searchAll("x")).matches).toEqual([match]);
    serve(q, 503, "busy", { "Content-Type": "text/plain" });
    const error = await client.searchAll("x").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503 });

    // The same second search from a client of its own has a budget of its own, and gets its retry.
    nock.cleanAll();
    serve(q, 503, "busy", { "Content-Type": "text/plain" });
    serve(q, 200, wire);
    const fresh = createSearchClient({
      endpoint: ORIGIN,
      token: TOKEN,
      retry: { budget },
      internal: { sleep: async () => {} },
    });
    expect((await fresh.searchAll("x")).matches).toEqual([match]);
  });
});
