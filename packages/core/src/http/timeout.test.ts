import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Credentials } from "../credentials/credentials.js";
import { TimeoutError } from "../errors.js";
import type { DebugEvent } from "./debug.js";
import { createSourcegraphFetch, type SourcegraphFetchOptions } from "./fetch.js";

// Real sockets on 127.0.0.1: nock neither honours an abort during a delayed reply nor streams a request body.

const CANARY = `sgp_0123456789abcdef_${"0123456789abcdef".repeat(2)}01234567`;
const credentials: Credentials = { type: "token", authorization: async () => `token ${CANARY}` };

type Route = (request: IncomingMessage, response: ServerResponse, index: number) => void;

const servers: { close(): void }[] = [];

/** Starts a server whose `index`-th request (from 0) is answered by `route`; it records every request. */
async function startServer(route: Route) {
  const requests: { method: string; body: string }[] = [];
  const server = createServer((request, response) => {
    const index = requests.length;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", body: Buffer.concat(chunks).toString() });
      route(request, response, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Never answers: the request hangs until the client gives up. */
const hang: Route = () => {};

function quickFetch(options: Partial<SourcegraphFetchOptions> = {}) {
  return createSourcegraphFetch({ api: "search", timeoutMs: 100, sleep: async () => {}, ...options });
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe("abortOnTimeout", () => {
  it("throws a TimeoutError with timeoutMs after retrying each timed-out attempt", async () => {
    const server = await startServer(hang);
    const fetch = quickFetch({ retry: { maxAttempts: 2 } });
    const error = await fetch(`${server.url}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, code: "deadline_exceeded", isRetryable: true });
    expect((error as Error).message).toContain("within 100 ms");
    expect(server.requests).toHaveLength(2);
  });

  it("succeeds when a retry after a timeout is answered", async () => {
    const server = await startServer((_request, response, index) => {
      if (index > 0) response.end("ok");
    });
    // Long enough for the answered retry to arrive in time on a busy machine.
    const response = await quickFetch({ timeoutMs: 500 })(`${server.url}/x`);
    expect(await response.text()).toBe("ok");
    expect(server.requests).toHaveLength(2);
  });

  it("does not cut a streaming body that outlasts the timeout", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      response.write("event: progress\ndata: {}\n\n");
      setTimeout(() => response.write("event: matches\ndata: []\n\n"), 750);
      setTimeout(() => response.end("event: done\ndata: {}\n\n"), 1500);
    });
    // The headers arrive at once (within 500 ms even on a busy machine); the body takes three times that.
    const response = await quickFetch({ timeoutMs: 500 })(`${server.url}/.api/search/stream?q=x`);
    expect(await response.text()).toBe(
      "event: progress\ndata: {}\n\nevent: matches\ndata: []\n\nevent: done\ndata: {}\n\n",
    );
  });

  it("lets a request opt out of the timeout with timeoutMs: 0", async () => {
    const server = await startServer((_request, response) => {
      setTimeout(() => response.end("late"), 250);
    });
    expect(await (await quickFetch()(`${server.url}/x`, { timeoutMs: 0 })).text()).toBe("late");
  });

  it("passes the caller's abort on as AbortError, without retrying", async () => {
    const server = await startServer(hang);
    // The timeout is far longer than the hang guard: only the caller's abort can end this request.
    const fetch = quickFetch({ timeoutMs: 600_000 });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/x`, { signal: controller.signal }).catch((e: unknown) => e);
    // Abort once the server holds the request, however long a loaded machine takes to get it there.
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 60_000 });
    controller.abort();
    const error = await pending;
    expect(error).toBe(controller.signal.reason);
    expect((error as DOMException).name).toBe("AbortError");
    expect(server.requests).toHaveLength(1);
  });

  it("passes the caller's own abort reason on unchanged, and sends nothing when aborted already", async () => {
    const server = await startServer(hang);
    const reason = new Error("user pressed ^C");
    const error = await quickFetch()(`${server.url}/x`, { signal: AbortSignal.abort(reason) }).catch(
      (e) => e,
    );
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it("still lets the caller cancel a streaming body", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write("first");
    });
    const controller = new AbortController();
    const response = await quickFetch({ timeoutMs: 60_000 })(`${server.url}/x`, {
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await expect(reader?.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("sends a stream body once and does not retry it", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(503).end();
    });
    const body = new Blob(["streamed"]).stream();
    const response = await quickFetch({ timeoutMs: 60_000 })(`${server.url}/x`, { method: "PUT", body });
    expect(response.status).toBe(503);
    expect(server.requests).toEqual([{ method: "PUT", body: "streamed" }]);
  });

  it("never shows the token in a timeout error or its debug events", async () => {
    const server = await startServer(hang);
    const events: DebugEvent[] = [];
    const fetch = quickFetch({
      credentials,
      onDebug: (event) => events.push(event),
      retry: { maxAttempts: 2 },
    });
    const error = await fetch(`${server.url}/x?token=${CANARY}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    const renderings = [
      String(error),
      (error as Error).message,
      (error as Error).stack,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      ...events.map((event) => JSON.stringify(event)),
    ];
    expect(events.length).toBeGreaterThan(2);
    for (const text of renderings) expect(text).not.toContain(CANARY);
  });
});
