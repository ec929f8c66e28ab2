import { once } from "node:events";
import {
  createServer as createHttpServer,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
} from "node:http";
import {
  type AddressInfo,
  connect,
  createServer as createNetServer,
  type Server,
  type Socket,
} from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createProxyFetch, loadNodeConfig } from "./node-config.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("loadNodeConfig", () => {
  it("adds the global fetch when there is no proxy, looked up at call time", async () => {
    const config = loadNodeConfig({ env: { SRC_ENDPOINT: "https://sg.example.com" } });
    expect(config).toMatchObject({ endpoint: "https://sg.example.com", proxy: undefined });
    const stub = vi.fn(async () => new Response("direct"));
    vi.stubGlobal("fetch", stub);
    expect(await (await config.fetch(config.urls.graphql, { method: "POST" })).text()).toBe("direct");
    expect(stub).toHaveBeenCalledWith(config.urls.graphql, { method: "POST" });
  });

  it("adds a fetch that goes through SRC_PROXY", async () => {
    const proxied: string[] = [];
    const proxy = createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      res.end("via proxy");
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    try {
      const { port } = proxy.address() as AddressInfo;
      const config = loadNodeConfig({
        env: { SRC_ENDPOINT: "http://sg.invalid", SRC_PROXY: `http://127.0.0.1:${port}` },
      });
      const direct = vi.fn();
      vi.stubGlobal("fetch", direct);
      expect(await (await config.fetch(config.urls.graphql, { method: "POST", body: "{}" })).text()).toBe(
        "via proxy",
      );
      expect(proxied).toEqual(["POST http://sg.invalid/.api/graphql"]);
      expect(direct).not.toHaveBeenCalled();
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it("refuses what loadConfig refuses", () => {
    expect(() => loadNodeConfig({ env: { SRC_PROXY: "ftp://proxy" } })).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "SRC_PROXY" }),
    );
  });
});

interface TargetRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Where the proxies were asked to go: the absolute-form URL or the CONNECT authority, and the login sent. */
interface ProxyVisit {
  target: string;
  login: string | undefined;
}

let target: { origin: string; seen: TargetRequest[]; close: () => Promise<void> };

beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
});

describe("createProxyFetch through an HTTP proxy", () => {
  it("sends a request through the proxy to the target", async () => {
    const proxy = await startHttpProxy();
    try {
      const proxied = createProxyFetch(proxy.url);
      const response = await proxied(`${target.origin}/.api/graphql?x=1`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-test": "http-proxy" },
        body: '{"query":"{ currentUser { username } }"}',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ method: "POST", url: "/.api/graphql?x=1" });
      expect(proxy.visits.map((visit) => visit.target)).toContainEqual(
        expect.stringMatching(
          new RegExp(`^(${target.origin}/\\.api/graphql\\?x=1|${target.origin.slice(7)})$`),
        ),
      );
      expect(target.seen.at(-1)).toMatchObject({
        headers: expect.objectContaining({ "x-test": "http-proxy" }),
        body: '{"query":"{ currentUser { username } }"}',
      });
    } finally {
      await proxy.close();
    }
  });

  it("sends the proxy's user info as Proxy-Authorization", async () => {
    const proxy = await startHttpProxy();
    try {
      const proxied = createProxyFetch(proxy.url.replace("http://", "http://me:p%40ss-word@"));
      await (await proxied(`${target.origin}/auth`)).text();
      expect(proxy.visits.at(-1)?.login).toBe(`Basic ${Buffer.from("me:p@ss-word").toString("base64")}`);
    } finally {
      await proxy.close();
    }
  });

  it("accepts a global Request, which undici's own fetch cannot read", async () => {
    const proxy = await startHttpProxy();
    try {
      const proxied = createProxyFetch(proxy.url);
      const request = new Request(`${target.origin}/request`, {
        method: "PUT",
        headers: { "x-test": "global-request" },
        body: "payload",
      });
      expect(await (await proxied(request)).json()).toMatchObject({ method: "PUT", url: "/request" });
      expect(target.seen.at(-1)).toMatchObject({
        headers: expect.objectContaining({ "x-test": "global-request" }),
        body: "payload",
      });
      expect(proxy.visits).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

describe("createProxyFetch through a SOCKS5 proxy", () => {
  it.each([
    { scheme: "socks5", login: undefined },
    { scheme: "socks5h", login: "me:pw-socks" },
    { scheme: "socks", login: undefined },
  ])("sends a request through a $scheme proxy", async ({ scheme, login }) => {
    const proxy = await startSocks5Proxy(login);
    try {
      const userinfo = login === undefined ? "" : `${login}@`;
      const proxied = createProxyFetch(`${scheme}://${userinfo}127.0.0.1:${proxy.port}`);
      const response = await proxied(`${target.origin}/.api/search/stream?q=x`);
      expect(await response.json()).toMatchObject({ method: "GET", url: "/.api/search/stream?q=x" });
      expect(proxy.visits).toEqual([{ target: target.origin.slice(7), login }]);
    } finally {
      await proxy.close();
    }
  });
});

describe("createProxyFetch", () => {
  it("refuses an unsupported proxy URL, naming proxyUrl", () => {
    expect(() => createProxyFetch("ftp://proxy:21")).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "proxyUrl" }),
    );
  });
});

/** A target that answers every request with a JSON echo of it. */
async function startTarget(): Promise<typeof target> {
  const seen: TargetRequest[] = [];
  const server = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    seen.push(request);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(request));
  });
  const origin = `http://127.0.0.1:${await listen(server)}`;
  return {
    origin,
    seen,
    close: () => {
      server.closeAllConnections();
      return closeServer(server);
    },
  };
}

/** An HTTP proxy that forwards absolute-form requests and tunnels CONNECT, recording each. */
async function startHttpProxy(): Promise<{ url: string; visits: ProxyVisit[]; close: () => Promise<void> }> {
  const visits: ProxyVisit[] = [];
  const tunnels = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    visits.push({ target: req.url ?? "", login: req.headers["proxy-authorization"] });
    const url = new URL(req.url ?? "");
    const { "proxy-authorization": _login, ...headers } = req.headers;
    const upstream = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    visits.push({ target: req.url ?? "", login: req.headers["proxy-authorization"] });
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(client).add(upstream);
  });
  const url = `http://127.0.0.1:${await listen(server)}`;
  return {
    url,
    visits,
    close: () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      return closeServer(server);
    },
  };
}

/** A SOCKS5 proxy (RFC 1928, CONNECT only) with optional username/password login (RFC 1929). */
async function startSocks5Proxy(
  login: string | undefined,
): Promise<{ port: number; visits: ProxyVisit[]; close: () => Promise<void> }> {
  const visits: ProxyVisit[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer(async (client) => {
    sockets.add(client);
    const read = reader(client);
    try {
      const [, methodCount = 0] = await read(2);
      const methods = [...(await read(methodCount))];
      let seenLogin: string | undefined;
      if (login === undefined) {
        client.write(Buffer.from([5, 0]));
      } else {
        expect(methods).toContain(2);
        client.write(Buffer.from([5, 2]));
        const [, userLength = 0] = await read(2);
        const user = (await read(userLength)).toString();
        const [passwordLength = 0] = await read(1);
        seenLogin = `${user}:${(await read(passwordLength)).toString()}`;
        client.write(Buffer.from([1, seenLogin === login ? 0 : 1]));
      }
      const [, , , addressType] = await read(4);
      const host =
        addressType === 1 ? [...(await read(4))].join(".") : (await read((await read(1))[0] ?? 0)).toString();
      const port = (await read(2)).readUInt16BE(0);
      visits.push({ target: `${host}:${port}`, login: seenLogin });
      const upstream = connect(port, host, () => {
        client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
        read.release(upstream);
        upstream.pipe(client);
      });
      sockets.add(upstream);
    } catch {
      client.destroy();
    }
  });
  const port = await listen(server);
  return {
    port,
    visits,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return closeServer(server);
    },
  };
}

/** Reads exact byte counts from a socket, then hands the rest of the stream to `release`'s destination. */
function reader(socket: Socket): ((length: number) => Promise<Buffer>) & { release(to: Socket): void } {
  let buffered = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  };
  socket.on("data", onData);
  const read = async (length: number): Promise<Buffer> => {
    while (buffered.length < length) {
      if (socket.destroyed) throw new Error("socket closed");
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    const out = buffered.subarray(0, length);
    buffered = buffered.subarray(length);
    return out;
  };
  return Object.assign(read, {
    release(to: Socket) {
      socket.off("data", onData);
      to.write(buffered);
      socket.pipe(to);
    },
  });
}

async function listen(server: Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
