import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { createCanaryToken } from "./testing/create-canary-token.js";

const { example, run } = readmeExamples(join(import.meta.dirname, ".."));

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
    vi.stubEnv("SRC_ENDPOINT", endpoint);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    try {
      const { lines } = await run("quick-start", example("## Quick start"));
      expect(lines).toEqual(["signed in as alice"]);
      expect(seen).toHaveLength(1);
      expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ query: "query { currentUser { username } }" });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
