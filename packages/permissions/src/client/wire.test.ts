import { inspect } from "node:util";
import {
  AuthenticationError,
  ConfigurationError,
  createSudoCredentials,
  type DebugEvent,
  NetworkError,
  RateLimitedError,
  SourcegraphError,
  TimeoutError,
} from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { LicenseRequiredError } from "../errors/license-required-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { VERSION } from "../version.js";
import { createPermissionsClient, type PermissionsClientOptions } from "./create-permissions-client.js";

// The client on the wire (sgkit's Connect transport over @sgkit/core's fetch), with nock standing in for the server.
// No loopback call is made from this file: nock stalls those (see CONTRIBUTING).

const ORIGIN = "https://sg.example.com";
const SERVICE = "/api/explicitrepopermissions.v1.Service";
const JSON_HEADERS = { "Content-Type": "application/json" };
const documented = {
  name: "repositories/123/explicitRepoPermissions/456",
  user: "users/456",
  repository: "repositories/123",
};

interface Seen {
  path: string;
  headers: Headers;
  body: string;
}

let seen: Seen[] = [];
let events: DebugEvent[] = [];

/** Answers POST `<service>/<method>` with each of `replies` in turn (the last one again after that). */
function serve(method: string, ...replies: Array<[number, unknown, Record<string, string>?]>) {
  let index = 0;
  return nock(ORIGIN)
    .persist()
    .post(`${SERVICE}/${method}`)
    .reply(async (request: Request) => {
      await record(request);
      const [status, answer, headers] = replies[Math.min(index++, replies.length - 1)] ?? [500, ""];
      return [status, typeof answer === "string" ? answer : JSON.stringify(answer), headers ?? JSON_HEADERS];
    });
}

/** Keeps what the server received. nock 15 hands a reply function the fetch `Request`. */
async function record(request: Request): Promise<void> {
  seen.push({ path: new URL(request.url).pathname, headers: request.headers, body: await request.text() });
}

function client(options: Partial<PermissionsClientOptions> = {}) {
  return createPermissionsClient({
    endpoint: ORIGIN,
    token: "sgp_local_0000000000000000000000000000000000000000",
    internal: { sleep: async () => {} },
    onDebug: (event) => events.push(event),
    ...options,
  });
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  seen = [];
  events = [];
});
afterAll(() => {
  nock.enableNetConnect();
});

describe("the wire", () => {
  it("sends Create exactly as documented: path, Bearer token, JSON content type, snake_case body", async () => {
    serve("CreateExplicitRepoPermission", [200, documented]);
    const permission = await client({ userAgent: "acme-sync/2.0" }).create({
      repository: 123,
      user: "@alice",
    });
    expect(permission).toMatchObject(documented);
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.path).toBe("/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission");
    expect(request?.headers.get("authorization")).toBe(
      "Bearer sgp_local_0000000000000000000000000000000000000000",
    );
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("connect-protocol-version")).toBe("1");
    expect(request?.headers.get("user-agent")).toMatch(
      new RegExp(`^acme-sync/2\\.0 sgkit-permissions/${VERSION.replace(/\./g, "\\.")} sgkit/`),
    );
    expect(request?.body).toBe(
      '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/@alice"}}',
    );
  });

  it("sends a user-parented Create, Get, List and Delete in snake_case", async () => {
    serve("CreateExplicitRepoPermission", [200, documented]);
    serve("GetExplicitRepoPermission", [200, documented]);
    serve("ListExplicitRepoPermissions", [200, { explicit_repo_permissions: [documented] }]);
    serve("DeleteExplicitRepoPermission", [200, {}]);
    const c = client();
    await c.create({ repository: 123, user: "alice@example.com", parent: "user" });
    await c.get("repositories/123/explicitRepoPermissions/@alice");
    await c.listPage({ parent: "repositories/123", pageSize: 2, pageToken: "abc" });
    await c.delete("repositories/123/explicitRepoPermissions/456");
    expect(seen.map((s) => s.body)).toEqual([
      '{"parent":"users/alice@example.com","explicit_repo_permission":{"repository":"repositories/123"}}',
      '{"name":"repositories/123/explicitRepoPermissions/@alice"}',
      '{"parent":"repositories/123","page_size":2,"page_token":"abc"}',
      '{"name":"repositories/123/explicitRepoPermissions/456"}',
    ]);
  });

  it("reads answers in snake_case and in lowerCamelCase, ignoring fields it does not know", async () => {
    serve(
      "ListExplicitRepoPermissions",
      [200, { explicit_repo_permissions: [documented], next_page_token: "p2", total_size: 2 }],
      [
        200,
        {
          explicitRepoPermissions: [{ ...documented, user: "users/457", grantedAt: "2026-01-01" }],
          nextPageToken: "",
        },
      ],
    );
    const users: string[] = [];
    for await (const permission of client().list({ parent: "repositories/123" })) users.push(permission.user);
    expect(users).toEqual(["users/456", "users/457"]);
    expect(JSON.parse(seen[1]?.body ?? "")).toEqual({ parent: "repositories/123", page_token: "p2" });
  });

  it("stops list with an error when a server sends back the page token it was given", async () => {
    nock(ORIGIN)
      .persist()
      .post(`${SERVICE}/ListExplicitRepoPermissions`)
      .reply(async (request: Request) => {
        const { page_token: pageToken = "" } = (await request.json()) as { page_token?: string };
        const answer = { explicit_repo_permissions: [documented], next_page_token: pageToken || "same" };
        return [200, JSON.stringify(answer), JSON_HEADERS];
      });
    let pages = 0;
    await expect(
      (async () => {
        for await (const _ of client({ retry: false }).list({ parent: "repositories/123" })) pages++;
      })(),
    ).rejects.toThrow(/page token it was sent/);
    expect(pages).toBe(2);
  });

  it("can speak protobuf instead of JSON", async () => {
    nock(ORIGIN)
      .post(`${SERVICE}/DeleteExplicitRepoPermission`)
      .reply(async (request: Request) => {
        seen.push({
          path: "",
          headers: request.headers,
          body: Buffer.from(await request.arrayBuffer()).toString("hex"),
        });
        return [200, Buffer.alloc(0), { "Content-Type": "application/proto" }];
      });
    await client({ binary: true }).delete("repositories/1/explicitRepoPermissions/2");
    expect(seen[0]?.headers.get("content-type")).toBe("application/proto");
    // Field 1 (name), length-delimited: 0x0a, the length, then the bytes of the name.
    const name = "repositories/1/explicitRepoPermissions/2";
    expect(seen[0]?.body).toBe(
      `0a${name.length.toString(16).padStart(2, "0")}${Buffer.from(name).toString("hex")}`,
    );
  });

  it("sends the extra headers of an auth proxy", async () => {
    serve("GetExplicitRepoPermission", [200, documented]);
    await client({ headers: { "X-Proxy-Key": "k" } }).get(documented.name);
    expect(seen[0]?.headers.get("x-proxy-key")).toBe("k");
  });
});

describe("answers with fields present-and-empty or absent", () => {
  // The documentation's answers show empty fields (`"next_page_token": ""`, `[]`); a Connect server that does
  // not emit default values leaves them out. The client must read both, in either name style.
  const alice = documented;
  const bob = { ...documented, name: "repositories/123/explicitRepoPermissions/457", user: "users/457" };
  const carol = { ...documented, name: "repositories/123/explicitRepoPermissions/458", user: "users/458" };

  async function listed(...pages: unknown[]) {
    serve("ListExplicitRepoPermissions", ...pages.map((page): [number, unknown] => [200, page]));
    const users: string[] = [];
    for await (const permission of client().list({ parent: "repositories/123" })) users.push(permission.user);
    return { users, tokens: seen.map((s) => (JSON.parse(s.body) as { page_token?: string }).page_token) };
  }

  it.each([
    ["no fields at all", {}],
    ["both fields present and empty, snake_case", { explicit_repo_permissions: [], next_page_token: "" }],
    ["both fields present and empty, lowerCamelCase", { explicitRepoPermissions: [], nextPageToken: "" }],
    ["only the empty list, snake_case", { explicit_repo_permissions: [] }],
    ["only the empty token, lowerCamelCase", { nextPageToken: "" }],
    [
      "the empty list in one style, the empty token in the other",
      { explicitRepoPermissions: [], next_page_token: "" },
    ],
  ])("ends an empty list answered with %s, after one call", async (_, answer) => {
    expect(await listed(answer)).toEqual({ users: [], tokens: [undefined] });
    expect(await client().listPage({ parent: "repositories/123" })).toEqual({
      permissions: [],
      nextPageToken: "",
    });
  });

  it.each([
    ["snake_case, token present and empty", { explicit_repo_permissions: [carol], next_page_token: "" }],
    ["snake_case, token absent", { explicit_repo_permissions: [carol] }],
    ["lowerCamelCase, token present and empty", { explicitRepoPermissions: [carol], nextPageToken: "" }],
    ["lowerCamelCase, token absent", { explicitRepoPermissions: [carol] }],
  ])("iterates pages in both styles and ends on a last page in %s", async (_, last) => {
    const { users, tokens } = await listed(
      { explicit_repo_permissions: [alice], next_page_token: "p2" },
      { explicitRepoPermissions: [bob], nextPageToken: "p3" },
      last,
    );
    expect(users).toEqual(["users/456", "users/457", "users/458"]);
    expect(tokens).toEqual([undefined, "p2", "p3"]);
  });

  it("goes on past a page with no permissions but a token, whatever style it is in, and ends on {}", async () => {
    const { users, tokens } = await listed(
      { next_page_token: "p2" },
      { explicitRepoPermissions: [], nextPageToken: "p3" },
      { explicit_repo_permissions: [alice], nextPageToken: "p4" },
      {},
    );
    expect(users).toEqual(["users/456"]);
    expect(tokens).toEqual([undefined, "p2", "p3", "p4"]);
  });

  it.each([
    [
      "snake_case",
      { create_time: "2026-01-01T00:00:00Z", granted_by: { user: "users/1" }, tags: ["a"], etag: 7 },
    ],
    [
      "lowerCamelCase",
      { createTime: "2026-01-01T00:00:00Z", grantedBy: { user: "users/1" }, tags: [], ok: true },
    ],
  ])("reads Create and Get answers with extra unknown fields in %s, and Delete's", async (_, extra) => {
    serve("CreateExplicitRepoPermission", [200, { ...documented, ...extra }]);
    serve("GetExplicitRepoPermission", [200, { ...extra, ...documented }]);
    serve("DeleteExplicitRepoPermission", [200, extra]);
    const c = client();
    expect(await c.create({ repository: 123, user: 456 })).toMatchObject(documented);
    const got = await c.get(documented.name);
    expect({ name: got.name, user: got.user, repository: got.repository }).toEqual(documented);
    await expect(c.delete(documented.name)).resolves.toBeUndefined();
  });
});

describe("errors on the wire", () => {
  it.each([
    [401, "unauthenticated", AuthenticationError],
    [404, "not_found", NotFoundError],
    [409, "already_exists", AlreadyExistsError],
    [400, "failed_precondition", LicenseRequiredError],
  ])("maps a Connect JSON error (HTTP %i, %s) with its status and request id", async (status, code, type) => {
    serve("GetExplicitRepoPermission", [
      status,
      { code, message: "licensed feature missing: explicit permissions license" },
      { ...JSON_HEADERS, "X-Request-Id": "abc-123" },
    ]);
    const error = await client()
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({
      status,
      code,
      requestId: "abc-123",
      method: "POST",
      url: `${ORIGIN}${SERVICE}/GetExplicitRepoPermission`,
    });
  });

  it("maps the server's plain-text 401 to an AuthenticationError", async () => {
    serve("GetExplicitRepoPermission", [401, "Invalid access token.", { "Content-Type": "text/plain" }]);
    const error = await client()
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(1);
  });

  it("retries 503 and 429 with Retry-After, and answers RateLimitedError when it runs out", async () => {
    const delays: number[] = [];
    serve(
      "CreateExplicitRepoPermission",
      [503, { code: "unavailable", message: "overloaded" }],
      [429, "", { "Retry-After": "2", "Content-Type": "text/plain" }],
      [200, documented],
    );
    await client({ internal: { sleep: async (ms) => void delays.push(ms), random: () => 0 } }).create({
      repository: 123,
      user: 456,
    });
    expect(seen).toHaveLength(3);
    expect(delays).toEqual([0, 2000]);

    nock.cleanAll();
    seen = [];
    serve("CreateExplicitRepoPermission", [
      429,
      { code: "resource_exhausted", message: "slow down" },
      { ...JSON_HEADERS, "Retry-After": "1" },
    ]);
    const error = await client({ retry: { maxAttempts: 2, budget: false } })
      .create({ repository: 123, user: 456 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 1000, status: 429 });
    expect(seen).toHaveLength(2);
  });

  it("retries 502 and deadline_exceeded, but not internal: in the Connect protocol a 500 is final", async () => {
    serve(
      "GetExplicitRepoPermission",
      [502, "<html>Bad Gateway</html>", { "Content-Type": "text/html" }],
      [504, { code: "deadline_exceeded", message: "too slow" }],
      [200, documented],
    );
    await expect(client().get(documented.name)).resolves.toMatchObject(documented);
    expect(seen).toHaveLength(3);

    nock.cleanAll();
    seen = [];
    serve("GetExplicitRepoPermission", [500, { code: "internal", message: "boom" }]);
    const error = await client()
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(error).toMatchObject({ code: "internal", isRetryable: false });
    expect(seen).toHaveLength(1);
  });

  it("says that a create answered already_exists after a retry was retried, naming the attempts", async () => {
    serve(
      "CreateExplicitRepoPermission",
      [503, { code: "unavailable", message: "overloaded" }],
      [409, { code: "already_exists", message: "exists" }],
    );
    const error = await client()
      .create({ repository: 123, user: 456 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect((error as Error).message).toContain("The call was retried (2 attempts)");

    nock.cleanAll();
    serve("CreateExplicitRepoPermission", [409, { code: "already_exists", message: "exists" }]);
    const first = await client()
      .create({ repository: 123, user: 456 })
      .catch((e: unknown) => e);
    expect((first as Error).message).not.toContain("retried");
  });

  it("retries a reset connection in one layer only: each attempt is one request", async () => {
    nock(ORIGIN)
      .post(`${SERVICE}/GetExplicitRepoPermission`)
      .times(3)
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const error = await client({ retry: { maxAttempts: 3, budget: false } })
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(events.filter((e) => e.type === "request")).toHaveLength(3);
    expect(events.filter((e) => e.type === "retry").map((e) => (e as { reason: string }).reason)).toEqual([
      "NetworkError",
      "NetworkError",
    ]);
  });

  it("grant converges when the answer of its create is lost: reset, then already_exists", async () => {
    nock(ORIGIN)
      .post(`${SERVICE}/CreateExplicitRepoPermission`)
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    serve("CreateExplicitRepoPermission", [409, { code: "already_exists", message: "exists" }]);
    await expect(client().grant(123, "@alice")).resolves.toEqual({
      outcome: "present-after-retry",
      changed: false,
      permission: undefined,
    });
  });

  it("times out each attempt with a TimeoutError, not a cancellation", async () => {
    const hanging = (_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const error = await client({
      fetch: hanging as typeof fetch,
      timeoutMs: 5,
      retry: { maxAttempts: 2, budget: false },
    })
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "deadline_exceeded", timeoutMs: 5 });
    expect(events.filter((e) => e.type === "retry")).toEqual([
      expect.objectContaining({ reason: "TimeoutError" }),
    ]);
  });

  it("gives the fetch no signal of its own by default: no per-attempt timeout unless timeoutMs is set", async () => {
    const signals: (AbortSignal | null | undefined)[] = [];
    const answering = async (_input: unknown, init?: RequestInit) => {
      signals.push(init?.signal);
      return new Response(JSON.stringify(documented), { status: 200, headers: JSON_HEADERS });
    };
    await client({ fetch: answering as typeof fetch }).get(documented.name);
    await client({ fetch: answering as typeof fetch, timeoutMs: 30_000 }).get(documented.name);
    expect(signals[0]).toBeUndefined();
    expect(signals[1]).toBeInstanceOf(AbortSignal);
    expect(signals[1]?.aborted).toBe(false);
  });
});

describe("where the token may go", () => {
  it("refuses plain HTTP to a non-loopback host, sending nothing", async () => {
    const error = await client({ endpoint: "http://sg.example.com" })
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting: "allowInsecureHttp" });
    expect(seen).toEqual([]);
  });

  it("allows plain HTTP to loopback, and elsewhere when told", async () => {
    nock("http://127.0.0.1:7080")
      .post(`${SERVICE}/GetExplicitRepoPermission`)
      .reply(200, documented, JSON_HEADERS);
    await expect(client({ endpoint: "http://127.0.0.1:7080" }).get(documented.name)).resolves.toMatchObject(
      documented,
    );
    nock("http://sg.internal")
      .post(`${SERVICE}/GetExplicitRepoPermission`)
      .reply(200, documented, JSON_HEADERS);
    await expect(
      client({ endpoint: "http://sg.internal", allowInsecureHttp: true }).get(documented.name),
    ).resolves.toMatchObject(documented);
  });

  it("follows a same-origin redirect and refuses one to another origin, naming it", async () => {
    nock(ORIGIN)
      .post(`${SERVICE}/GetExplicitRepoPermission`)
      .reply(307, "", { Location: `/sourcegraph${SERVICE}/GetExplicitRepoPermission` });
    nock(ORIGIN)
      .post(`/sourcegraph${SERVICE}/GetExplicitRepoPermission`)
      .reply(200, documented, JSON_HEADERS);
    await expect(client().get(documented.name)).resolves.toMatchObject(documented);

    nock(ORIGIN)
      .post(`${SERVICE}/GetExplicitRepoPermission`)
      .reply(307, "", { Location: "https://evil.example.net/x" });
    const error = await client()
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect((error as Error).message).toContain("https://evil.example.net");
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("refuses sudo credentials before sending", async () => {
    const error = await client({
      token: undefined,
      credentials: createSudoCredentials({
        token: "sgp_local_0000000000000000000000000000000000000000",
        user: "alice",
      }),
    })
      .get(documented.name)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/sudo/);
    expect(seen).toEqual([]);
  });

  it("never shows the token in errors or debug events, even when the server echoes it", async () => {
    const token = createCanaryToken();
    const echo = {
      "Content-Type": "application/json",
      "X-Echo": token,
      "Www-Authenticate": `Bearer ${token}`,
    };
    const errors: unknown[] = [];
    const c = client({ token, retry: { maxAttempts: 2, budget: false } });
    for (const [status, code] of [
      [401, "unauthenticated"],
      [403, "permission_denied"],
      [404, "not_found"],
      [409, "already_exists"],
      [429, "resource_exhausted"],
      [503, "unavailable"],
      [400, "failed_precondition"],
    ] as const) {
      serve("CreateExplicitRepoPermission", [
        status,
        { code, message: `you sent Authorization: Bearer ${token} (${token})` },
        echo,
      ]);
      errors.push(await c.create({ repository: 123, user: 456 }).catch((e: unknown) => e));
      nock.cleanAll();
    }
    nock(ORIGIN)
      .post(`${SERVICE}/DeleteExplicitRepoPermission`)
      .times(2)
      .replyWithError(Object.assign(new Error(`reset while sending ${token}`), { code: "ECONNRESET" }));
    errors.push(await c.delete(documented.name).catch((e: unknown) => e));
    errors.push(
      await client({ token, endpoint: "http://sg.example.com" })
        .get(documented.name)
        .catch((e: unknown) => e),
    );

    expect(errors).toHaveLength(9);
    expect(errors.every((e) => e instanceof SourcegraphError)).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect(seen.every((s) => s.headers.get("authorization") === `Bearer ${token}`)).toBe(true);
    expect(findSecret(token, ...errors)).toBeUndefined();
    expect(
      findSecret(token, ...errors.map((e) => inspect(e, { depth: 20, showHidden: true }))),
    ).toBeUndefined();
    expect(events.length).toBeGreaterThan(10);
    expect(findSecret(token, ...events)).toBeUndefined();
    expect(findSecret(token, c)).toBeUndefined();
  });
});
