import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRouter } from "./router.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: ReturnType<typeof createRouter>): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("createRouter", () => {
  it("sends exact paths and prefixes to their routes, ignoring the query, and 404s the rest in plain text", async () => {
    const reply = (name: string) => (_: unknown, response: import("node:http").ServerResponse) => {
      response.end(name);
    };
    const url = await serve(
      createRouter([
        { path: "/api/", prefix: true, handler: reply("api") },
        { path: "/.api/graphql", handler: reply("graphql") },
        { path: "/.api/search/stream", handler: reply("search") },
      ]),
    );
    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`);
      return [response.status, await response.text()];
    };
    expect(await get("/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions")).toEqual([
      200,
      "api",
    ]);
    expect(await get("/.api/graphql?x=1")).toEqual([200, "graphql"]);
    expect(await get("/.api/search/stream?q=foo")).toEqual([200, "search"]);
    expect(await get("/.api/graphql/extra")).toEqual([404, "404 page not found\n"]);
    expect(await get("/api")).toEqual([404, "404 page not found\n"]);
    expect(await get("/")).toEqual([404, "404 page not found\n"]);
    const response = await fetch(`${url}/nope`);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });
});
