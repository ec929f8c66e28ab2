import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { createCanaryToken } from "@sgkit/core/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { createInMemoryPermissionsTransport } from "./testing/create-in-memory-permissions-transport.js";

// Real loopback HTTP: this file must not import nock (it stalls loopback calls, see CONTRIBUTING).

const examples = readmeExamples(join(import.meta.dirname, ".."));
const { example } = examples;

/** Runs `code` as a user would, returning what it logged, a line per call. */
async function run(name: string, code: string): Promise<string[]> {
  return (await examples.run(name, code)).lines;
}

describe("README quick start", () => {
  const token = createCanaryToken();
  // A Sourcegraph-like instance: Carol can read repository 123; only the canary token is accepted.
  const instance = createInMemoryPermissionsTransport({
    users: [
      { id: 456, username: "alice", email: "alice@example.com" },
      { id: 457, username: "bob", email: "bob@example.com" },
      { id: 458, username: "carol", email: "carol@example.com" },
    ],
    repositories: [123],
    permissions: [{ repository: 123, user: 458 }],
    tokens: [token],
  });
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // Served as Sourcegraph serves it: under /api/, answering JSON with the proto (snake_case) field names.
    const handler = connectNodeAdapter({
      routes: instance.routes,
      requestPathPrefix: "/api",
      jsonOptions: { useProtoFieldName: true },
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("runs as written against a local Connect server", async () => {
    vi.stubEnv("SRC_ENDPOINT", endpoint);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    try {
      const logged = await run("quick-start", example("## Quick start"));
      expect(logged).toEqual([
        "granted: true, granted again: false",
        "users/456 can read repositories/123",
        "users/458 can read repositories/123",
        "would create users/bob@example.com and delete users/458",
        "created users/457, deleted users/458",
        "revoked: true",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(instance.permissions()).toEqual(["repositories/123/explicitRepoPermissions/457"]);
    expect(instance.calls.every((call) => call.authorization === `Bearer ${token}`)).toBe(true);
  });

  it("runs the test-helper example as written", async () => {
    const logged = await run("testing", example("## Testing your code"));
    expect(logged).toEqual(['["repositories/123/explicitRepoPermissions/456"]']);
  });
});
