import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createCanaryToken } from "@sgkit/core/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";

// Real loopback HTTP: this file must not import nock (it stalls loopback calls). The server streams events in
// Sourcegraph's wire format, split into small writes.

const examples = readmeExamples(join(import.meta.dirname, ".."));

const todo = (path: string, line: string, lineNumber: number) => ({
  type: "content",
  path,
  repositoryID: 1,
  repository: "github.com/acme/api",
  lineMatches: [{ line, lineNumber, offsetAndLengths: [[line.indexOf("TODO"), 4]] }],
});

describe("README", () => {
  const token = createCanaryToken();
  const requests: Array<{ url: string; authorization: string | undefined }> = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push({ url: request.url ?? "", authorization: request.headers.authorization });
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== "/.api/search/stream") {
        response.writeHead(404).end();
        return;
      }
      if (request.headers.authorization !== `token ${token}`) {
        response.writeHead(401, { "Content-Type": "text/plain" }).end("Invalid access token.");
        return;
      }
      const display = Number(url.searchParams.get("display"));
      const all = [todo("main.go", "// TODO: retry", 9), todo("db/é.go", "\t// TODO ✓", 41)];
      const matches = display > 0 ? all.slice(0, display) : all;
      const skipped =
        matches.length < all.length
          ? [{ reason: "display", title: "Display limit hit", message: "", severity: "info" }]
          : [];
      const wire = [
        `event: matches\ndata: ${JSON.stringify(matches)}\n\n`,
        `: keep-alive\n\nevent: progress\ndata: ${JSON.stringify({ done: true, matchCount: matches.length, durationMs: 12, skipped })}\n\n`,
        "event: done\ndata: {}\n\n",
      ].join("");
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      const bytes = Buffer.from(wire);
      for (let at = 0; at < bytes.length; at += 7) response.write(bytes.subarray(at, at + 7));
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("runs the quick start as written against a local streaming server", async () => {
    vi.stubEnv("SRC_ENDPOINT", endpoint);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    try {
      const { lines } = await examples.run("quick-start", examples.example("## Quick start"));
      expect(lines).toEqual([
        "github.com/acme/api/main.go:10: // [TODO]: retry",
        "github.com/acme/api/db/é.go:42: \t// [TODO] ✓",
        "2 matches in 12 ms",
        "1 match, complete: false",
        "skipped: display",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(requests.map((r) => r.url)).toEqual([
      "/.api/search/stream?q=repo%3Aacme%2Fapi+TODO&v=V3&display=-1",
      "/.api/search/stream?q=TODO&v=V3&display=1",
    ]);
    expect(requests.every((r) => r.authorization === `token ${token}`)).toBe(true);
  });
});
