import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Credentials } from "../credentials/credentials.js";
import { SourcegraphError } from "../errors.js";
import { createSourcegraphFetch } from "./fetch.js";

// Real sockets on 127.0.0.1, without nock: Node's own fetch must hand over a real 3xx with its Location.

const credentials: Credentials = { type: "token", authorization: async () => "token 0123456789abcdef0123" };
const closers: (() => void)[] = [];

async function startServer(answer: (path: string) => { status: number; location?: string }) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", headers: request.headers });
    const { status, location } = answer(request.url ?? "");
    response.writeHead(status, location ? { Location: location } : {}).end(`${status}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(() => {
  for (const close of closers.splice(0)) close();
});

describe("followRedirects over real sockets", () => {
  it("follows a same-origin redirect with the credentials", async () => {
    const server = await startServer((path) =>
      path === "/old" ? { status: 302, location: "/new" } : { status: 200 },
    );
    const response = await createSourcegraphFetch({ api: "graphql", credentials })(`${server.url}/old`);
    expect(response.status).toBe(200);
    expect(server.seen.map((request) => [request.path, request.headers.authorization])).toEqual([
      ["/old", "token 0123456789abcdef0123"],
      ["/new", "token 0123456789abcdef0123"],
    ]);
  });

  it("sends nothing to another origin (here another port) and names it", async () => {
    const other = await startServer(() => ({ status: 200 }));
    const server = await startServer(() => ({ status: 307, location: `${other.url}/.api/graphql` }));
    const fetch = createSourcegraphFetch({ api: "graphql", credentials, headers: { "x-proxy": "p" } });
    const error = await fetch(`${server.url}/.api/graphql`, { method: "POST", body: "{}" }).catch((e) => e);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect((error as Error).message).toContain(other.url);
    expect(server.seen).toHaveLength(1);
    expect(other.seen).toHaveLength(0);
  });
});
