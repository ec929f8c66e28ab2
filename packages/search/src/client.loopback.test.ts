import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSearchClient } from "./client.js";

// Real loopback HTTP: this file must not import nock (it stalls loopback calls).

describe("search over real HTTP", () => {
  let server: Server;
  let endpoint: string;
  const open = new Set<ServerResponse>();
  let closed: Promise<void>;
  let onClosed: () => void;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      open.add(response);
      response.on("close", () => {
        open.delete(response);
        onClosed();
      });
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      // One event, then nothing: the stream stays open until the client goes away.
      response.write(
        `event: matches\ndata: [{"type":"path","path":"a","repositoryID":1,"repository":"r"}]\n\n`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("aborting the signal mid-stream ends the iteration at once and closes the connection", async () => {
    closed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of createSearchClient({ endpoint, token: "t" }).search("x", {
        signal: controller.signal,
      })) {
        seen.push(event.type);
        controller.abort(reason);
      }
    })();
    await expect(run).rejects.toBe(reason);
    expect(seen).toEqual(["matches"]);
    await closed;
    expect(open.size).toBe(0);
  });

  it("breaking out of the loop closes the connection too", async () => {
    closed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    for await (const event of createSearchClient({ endpoint }).search("x")) {
      expect(event.type).toBe("matches");
      break;
    }
    await closed;
    expect(open.size).toBe(0);
  });

  it("a per-attempt timeout shorter than the stream does not cut it (it ends at headers)", async () => {
    closed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of createSearchClient({ endpoint, timeoutMs: 50 }).search("x", {
        signal: controller.signal,
      })) {
        seen.push(event.type);
        // Wait past the timeout with the stream open, then stop.
        await new Promise((resolve) => setTimeout(resolve, 150));
        controller.abort(new Error("done waiting"));
      }
    })();
    await expect(run).rejects.toThrow("done waiting");
    expect(seen).toEqual(["matches"]);
    await closed;
  });
});
