import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCanaryToken } from "./testing/create-canary-token.js";

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");

/** The first TypeScript block after `heading`, exactly as a user copies it. */
function example(heading: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`README.md has no ts example under ${heading}`);
  return match[1];
}

describe("README quick start", () => {
  const token = createCanaryToken();
  const seen: Array<{ authorization: string | undefined; body: string }> = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        seen.push({ authorization: request.headers.authorization, body });
        if (request.url !== "/.api/graphql" || request.headers.authorization !== `token ${token}`) {
          response.writeHead(401, { "content-type": "text/plain" }).end("Invalid access token.");
          return;
        }
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ data: { currentUser: { username: "alice" } } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("runs as written against a local instance", async () => {
    const dir = join(import.meta.dirname, "..", ".readme-examples");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "quick-start.ts");
    writeFileSync(file, example("## Quick start"));
    vi.stubEnv("SRC_ENDPOINT", endpoint);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await import(file);
      expect(log).toHaveBeenCalledWith("signed in as alice");
      expect(seen).toHaveLength(1);
      expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ query: "query { currentUser { username } }" });
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
