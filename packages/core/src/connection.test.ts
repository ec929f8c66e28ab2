import { describe, expect, it } from "vitest";
import { connectionFetch, createConnection, isConnection } from "./connection.js";
import { createSudoCredentials } from "./credentials/sudo.js";
import { ConfigurationError } from "./errors.js";
import { createRetryBudget } from "./http/retry.js";

const ENDPOINT = "https://sg.example.com/";
const TOKEN = "sgp_local_0000000000000000000000000000000000000000";

/** A fetch that answers from a list, one response per call, and records what was sent. */
function scripted(...statuses: number[]) {
  const seen: Array<{ url: string; authorization: string | null; userAgent: string | null }> = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({
      url: request.url,
      authorization: request.headers.get("authorization"),
      userAgent: request.headers.get("user-agent"),
    });
    return new Response(null, { status: statuses.shift() ?? 200 });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

describe("createConnection", () => {
  it("normalizes the endpoint and gives each API's URL", () => {
    const connection = createConnection({ endpoint: ENDPOINT });
    expect(connection.endpoint).toBe("https://sg.example.com");
    expect(connection.urls.graphql).toBe("https://sg.example.com/.api/graphql");
    expect(connection.urls.httpApi).toBe("https://sg.example.com/api");
    expect(isConnection(connection)).toBe(true);
    expect(isConnection({ endpoint: ENDPOINT })).toBe(false);
  });

  it("is given back as it is when it is already a connection", () => {
    const connection = createConnection({ endpoint: ENDPOINT });
    expect(createConnection(connection)).toBe(connection);
  });

  it("refuses mistakes before anything is sent", () => {
    const sudo = createSudoCredentials({ token: TOKEN, user: "alice" });
    expect(() => createConnection({ endpoint: ENDPOINT, token: TOKEN, credentials: sudo })).toThrow(
      ConfigurationError,
    );
    expect(() => createConnection({ endpoint: "ftp://sg.example.com" })).toThrow(ConfigurationError);
    expect(() => createConnection({ token: TOKEN } as never)).toThrow(/endpoint is required/);
    expect(() => createConnection({ endpoint: ENDPOINT, retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
    expect(() => createConnection({ endpoint: ENDPOINT, timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() =>
      createConnection({ endpoint: ENDPOINT, token: TOKEN, headers: { Authorization: "token x" } }),
    ).toThrow(/Authorization/);
  });

  it("sends the token in each API's form through its fetch", async () => {
    const { fetch, seen } = scripted();
    const connection = createConnection({ endpoint: ENDPOINT, token: TOKEN, fetch, userAgent: "app/1" });
    await connectionFetch(connection, "graphql", { product: "sgkit-graphql/9" })(connection.urls.graphql, {
      method: "POST",
    });
    await connectionFetch(connection, "http-api", {})(`${connection.urls.httpApi}/x`, { method: "POST" });
    expect(seen.map((request) => request.authorization)).toEqual([`token ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(seen[0]?.userAgent).toMatch(/^app\/1 sgkit-graphql\/9 sgkit\//);
    expect(seen[1]?.userAgent).toMatch(/^app\/1 sgkit\//);
  });

  it("gives every fetch made from it one retry budget", async () => {
    // A budget of exactly one retry in its window, whichever API spends it.
    const { fetch, seen } = scripted(503, 200, 503);
    const connection = createConnection({
      endpoint: ENDPOINT,
      fetch,
      retry: { budget: { ratio: 0, minRetriesPerSecond: 0.1, windowMs: 10_000 } },
      internal: { sleep: async () => {} },
    });
    const graphql = connectionFetch(connection, "graphql", {});
    const search = connectionFetch(connection, "search", {});
    expect((await graphql(connection.urls.graphql, { method: "GET" })).status).toBe(200);
    // The other API's fetch finds the budget spent: its 503 is final.
    expect((await search(connection.urls.searchStream, { method: "GET" })).status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it("shares a budget given as an object, and none with retry: false", async () => {
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 0.1 });
    expect(createConnection({ endpoint: ENDPOINT, retry: { budget } }).retryBudget).toBe(budget);
    expect(createConnection({ endpoint: ENDPOINT, retry: false }).retryBudget).toBeUndefined();
    const { fetch, seen } = scripted(503, 200);
    const connection = createConnection({ endpoint: ENDPOINT, fetch, retry: false });
    const response = await connectionFetch(
      connection,
      "graphql",
      {},
    )(connection.urls.graphql, {
      method: "GET",
    });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });
});
