import { BlockList, isIPv4 } from "node:net";
import { gzipSync } from "node:zlib";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CreateExplicitRepoPermissionRequestSchema,
  ExplicitRepoPermissionSchema,
} from "@sgkit/contracts/permissions";
import { describe, expect, it, vi } from "vitest";
import { callApi } from "../../test/support/call-api.js";
import { useEmulator } from "../../test/support/use-emulator.js";
import type { Emulator } from "./start-emulator.js";

// Loopback HTTP in one test (the socket and emulator.fetch share one state): no nock in this file.

const start = useEmulator();
const CREATE = "/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission";

const graphqlInit = (emulator: Emulator, query: string): RequestInit => ({
  method: "POST",
  headers: { Authorization: `token ${emulator.token("admin")}`, "Content-Type": "application/json" },
  body: JSON.stringify({ query }),
});

/** The cause chain's socket error code of a failed fetch. */
async function failure(pending: Promise<unknown>): Promise<{ message: string; code: unknown }> {
  const error = await pending.then(
    () => {
      throw new Error("the request did not fail");
    },
    (e: unknown) => e as Error,
  );
  return { message: error.message, code: (error.cause as { code?: unknown } | undefined)?.code };
}

/** Lets the in-memory connection deliver what is in flight (a real event-loop turn, fake timers or not). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("emulator.fetch", () => {
  it("serves a Connect JSON call in-process, sharing state and counters with the socket", async () => {
    const emulator = await start();
    const response = await emulator.fetch(`${emulator.url}${CREATE}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${emulator.token("admin")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ parent: "repositories/101", explicit_repo_permission: { user: "users/@dave" } }),
    });
    expect([response.status, response.headers.get("content-type"), response.url]).toEqual([
      200,
      "application/json",
      `${emulator.url}${CREATE}`,
    ]);
    expect(await response.json()).toEqual({
      name: "repositories/101/explicitRepoPermissions/5",
      user: "users/5",
      repository: "repositories/101",
    });
    // Over the socket, the grant made in-process is there.
    const listed = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101" });
    expect(listed.body.explicit_repo_permissions).toContainEqual({
      name: "repositories/101/explicitRepoPermissions/5",
      user: "users/5",
      repository: "repositories/101",
    });
    expect(emulator.counters.snapshot()).toEqual({
      CreateExplicitRepoPermission: 1,
      ListExplicitRepoPermissions: 1,
    });
    expect(emulator.writes.added(101, 5)).toBe(1);
  });

  it("runs the same authentication: a missing or wrong token is refused as over HTTP", async () => {
    const emulator = await start({ listen: false });
    const post = (headers: Record<string, string>) =>
      emulator.fetch(CREATE, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({
          parent: "repositories/101",
          explicit_repo_permission: { user: "users/@dave" },
        }),
      });
    const anonymous = await post({});
    expect([anonymous.status, (await anonymous.json()).code]).toEqual([401, "unauthenticated"]);
    const readOnly = await post({ Authorization: `Bearer ${emulator.token("readOnly")}` });
    expect([readOnly.status, (await readOnly.json()).code]).toEqual([403, "permission_denied"]);
    expect(emulator.writes.entries()).toEqual([]);
  });

  it("without listening, its url is a literal loopback address: a client's token goes through emulator.fetch, and only there", async () => {
    const emulator = await start({ listen: false });
    // What a client checks before sending a token over plain HTTP: a literal loopback address, no name to resolve.
    const url = new URL(emulator.url);
    const loopback = new BlockList();
    loopback.addSubnet("127.0.0.0", 8);
    expect([url.protocol, isIPv4(url.hostname), loopback.check(url.hostname), url.port]).toEqual([
      "http:",
      true,
      true,
      "0",
    ]);

    // A client built on plain fetch, with its endpoint at emulator.url and its fetch swapped for emulator.fetch.
    const endpoint = emulator.url;
    const send = (fetchImpl: typeof fetch) =>
      fetchImpl(`${endpoint}/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${emulator.token("admin")}`, "Content-Type": "application/json" },
        body: JSON.stringify({ parent: "repositories/101" }),
      });
    const response = await send(emulator.fetch);
    expect([response.status, response.url]).toEqual([
      200,
      "http://127.0.0.1:0/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions",
    ]);
    expect((await response.json()).explicit_repo_permissions).toHaveLength(2);

    // Without emulator.fetch the request is refused on this machine: nothing can listen on port 0.
    const refused = await failure(send(fetch));
    expect(refused.message).toBe("fetch failed");
    expect(["ECONNREFUSED", "EADDRNOTAVAIL"]).toContain(refused.code);
    expect(emulator.counters.snapshot()).toEqual({ ListExplicitRepoPermissions: 1 });
  });

  it("passes binary protobuf bodies through both ways, without listening", async () => {
    const emulator = await start({ listen: false });
    expect(emulator.url).toBe("http://127.0.0.1:0");
    const request = create(CreateExplicitRepoPermissionRequestSchema, {
      parent: "repositories/102",
      explicitRepoPermission: { user: "users/@dave" },
    });
    const response = await emulator.fetch(`${emulator.url}${CREATE}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${emulator.token("admin")}`, "Content-Type": "application/proto" },
      body: new Uint8Array(toBinary(CreateExplicitRepoPermissionRequestSchema, request)),
    });
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "application/proto"]);
    const permission = fromBinary(ExplicitRepoPermissionSchema, new Uint8Array(await response.arrayBuffer()));
    expect(permission.name).toBe("repositories/102/explicitRepoPermissions/5");
  });

  it("serves GraphQL, with a gzip request body, at any origin or a bare path", async () => {
    const emulator = await start({ listen: false });
    const query = 'query RepositoryIds { repository(name: "github.com/acme/api") { id } }';
    for (const url of [
      `${emulator.url}/.api/graphql`,
      "https://sourcegraph.example.com/.api/graphql",
      "/.api/graphql",
    ]) {
      const response = await emulator.fetch(url, graphqlInit(emulator, query));
      expect(await response.json()).toEqual({ data: { repository: { id: "UmVwb3NpdG9yeToxMDE=" } } });
    }
    const gzipped = await emulator.fetch("/.api/graphql", {
      method: "POST",
      headers: { Authorization: `token ${emulator.token("admin")}`, "Content-Encoding": "gzip" },
      body: new Uint8Array(gzipSync(JSON.stringify({ query }))),
    });
    expect(await gzipped.json()).toEqual({ data: { repository: { id: "UmVwb3NpdG9yeToxMDE=" } } });
    expect(emulator.counters.get("graphql:RepositoryIds")).toBe(4);
  });

  it("passes headers both ways: Host from the URL, and the response's own", async () => {
    const emulator = await start({ listen: false });
    const response = await emulator.fetch("https://sourcegraph.example.com/.api/search/stream?q=Welcome", {
      headers: { Authorization: `token ${emulator.token("admin")}`, "X-Sourcegraph-Should-Trace": "true" },
    });
    const trace = response.headers.get("x-trace");
    expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    // The emulator builds the trace link from the Host header, which came from the URL.
    expect(await response.text()).toContain(
      JSON.stringify(`http://sourcegraph.example.com/-/debug/jaeger/trace/${trace}`).slice(1, -1),
    );
  });

  it("streams a search: each event reaches the reader while the handler still runs, and an abort stops it", async () => {
    const emulator = await start({
      listen: false,
      search: { batchSize: 1 },
      faults: { perMethod: { search: { latencyMs: 1000 } } },
    });
    // The handler waits the injected latency before every event, on a timer only this test moves (with
    // node:timers/promises, which vitest fakes only with fakeNodeBuiltins).
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], fakeNodeBuiltins: true });
    try {
      const controller = new AbortController();
      const pending = emulator.fetch("/.api/search/stream?q=%23", {
        headers: { Authorization: `token ${emulator.token("admin")}` },
        signal: controller.signal,
      });
      await vi.advanceTimersByTimeAsync(1000);
      const response = await pending;
      if (!response.body) throw new Error("no body");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).toMatch(/^event: matches\ndata: \[\{/);

      // The second event waits for its latency: the reader has the first while the handler is mid-search.
      let second: string | undefined;
      const reading = reader.read().then((result) => {
        second = result.value;
      });
      for (let i = 0; i < 5; i++) await turn();
      expect(second).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1000);
      await reading;
      expect(second).toMatch(/^event: progress\n/);

      // Aborting closes the connection: the handler sees it closed and drops its pending latency.
      await turn();
      expect(vi.getTimerCount()).toBe(1);
      controller.abort();
      await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
      for (let i = 0; i < 20 && vi.getTimerCount() > 0; i++) await turn();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(emulator.counters.get("search")).toBe(1);
  });

  it("answers injected faults as a socket would: 429 with Retry-After, a reset, a lost answer after the write", async () => {
    const emulator = await start({
      listen: false,
      faults: {
        retryAfterSeconds: 7,
        perMethod: {
          GetExplicitRepoPermission: { rate: 1, kinds: { rateLimited: 1 } },
          ListExplicitRepoPermissions: { rate: 1, kinds: { reset: 1 } },
          CreateExplicitRepoPermission: { rate: 1, kinds: { lostAnswer: 1 } },
        },
      },
    });
    const call = (method: string, body: unknown) =>
      emulator.fetch(`/api/explicitrepopermissions.v1.Service/${method}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${emulator.token("admin")}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const limited = await call("GetExplicitRepoPermission", {
      name: "repositories/101/explicitRepoPermissions/2",
    });
    expect([limited.status, limited.headers.get("retry-after"), (await limited.json()).code]).toEqual([
      429,
      "7",
      "resource_exhausted",
    ]);
    expect(await failure(call("ListExplicitRepoPermissions", { parent: "repositories/101" }))).toEqual({
      message: "fetch failed",
      code: "ECONNRESET",
    });
    expect(
      await failure(
        call("CreateExplicitRepoPermission", {
          parent: "repositories/101",
          explicit_repo_permission: { user: "users/@dave" },
        }),
      ),
    ).toEqual({ message: "fetch failed", code: "ECONNRESET" });
    expect(emulator.writes.added(101, 5)).toBe(1);
    expect(emulator.faults?.log.map((fault) => fault.kind)).toEqual(["rateLimited", "reset", "lostAnswer"]);
    expect(emulator.counters.snapshot()).toEqual({
      GetExplicitRepoPermission: 1,
      ListExplicitRepoPermissions: 1,
      CreateExplicitRepoPermission: 1,
    });
  });

  it("cuts a search cut by a lostAnswer fault mid-body, as undici does", async () => {
    const emulator = await start({
      listen: false,
      faults: { perMethod: { search: { rate: 1, kinds: { lostAnswer: 1 } } } },
      search: { batchSize: 1, cutAfterEvents: 2 },
    });
    const response = await emulator.fetch("/.api/search/stream?q=%23", {
      headers: { Authorization: `token ${emulator.token("admin")}` },
    });
    expect(response.status).toBe(200);
    const error = await response.text().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect([error?.message, (error?.cause as { code?: string } | undefined)?.code]).toEqual([
      "terminated",
      "ECONNRESET",
    ]);
  });

  it("rejects with the signal's reason when aborted before sending, and sends nothing", async () => {
    const emulator = await start({ listen: false });
    const controller = new AbortController();
    controller.abort();
    await expect(
      emulator.fetch("/.api/graphql", {
        ...graphqlInit(emulator, "{ currentUser { id } }"),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(emulator.counters.total()).toBe(0);
  });

  it("drops requests in flight at stop, and refuses new ones as a closed port does", async () => {
    const emulator = await start({
      listen: false,
      faults: { perMethod: { "graphql:Slow": { latencyMs: 60_000 } } },
    });
    const inFlight = emulator.fetch(
      "/.api/graphql",
      graphqlInit(emulator, "query Slow { currentUser { id } }"),
    );
    for (let i = 0; i < 20 && emulator.counters.total() === 0; i++) await turn();
    expect(emulator.counters.get("graphql:Slow")).toBe(1);
    await emulator.stop();
    expect(await failure(inFlight)).toEqual({ message: "fetch failed", code: "ECONNRESET" });
    expect(
      await failure(emulator.fetch("/.api/graphql", graphqlInit(emulator, "{ currentUser { id } }"))),
    ).toEqual({ message: "fetch failed", code: "ECONNREFUSED" });
  });

  it("refuses a URL scheme fetch would not send over HTTP", async () => {
    const emulator = await start({ listen: false });
    expect(await failure(emulator.fetch("ftp://emulator.invalid/.api/graphql"))).toMatchObject({
      message: "fetch failed",
    });
  });
});
