import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { encodeNodeId } from "@sgkit/contracts/graphql";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { defaultFieldResolver, isObjectType } from "graphql";
import { describe, expect, it, onTestFinished } from "vitest";
import { callGraphQL, errorCodes, errorMessages, graphqlData } from "../../test/support/call-graphql.js";
import { doublingFragments } from "../../test/support/hostile-graphql.js";
import { postHeldOpen } from "../../test/support/post-held-open.js";
import { useEmulator } from "../../test/support/use-emulator.js";
import { loadSeed } from "../seed/load-seed.js";
import type { EmulatorSeed } from "../seed/seed-types.js";
import { startEmulator } from "../server/start-emulator.js";
import { createGraphQLHandler } from "./create-graphql-handler.js";
import { createGraphQLSchema } from "./create-graphql-schema.js";

const start = useEmulator();
const WHO = "query Who { currentUser { username } }";

const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 2, username: "root", siteAdmin: true },
    { id: 3, username: "alice", email: "alice@example.com" },
    { id: 4, username: "bob" },
  ],
  repositories: [{ id: 101, name: "github.com/acme/api" }],
  tokens: [
    { name: "admin", user: "admin", scopes: ["user:all"], value: "sgp_local_admin" },
    { name: "sudo", user: "admin", scopes: ["user:all", "site-admin:sudo"], value: "sgp_local_sudo" },
    {
      name: "aliceSudo",
      user: "alice",
      scopes: ["user:all", "site-admin:sudo"],
      value: "sgp_local_alicesudo",
    },
    { name: "alice", user: "alice", scopes: ["user:all"], value: "sgp_local_alice" },
    { name: "connectOnly", user: "bob", scopes: ["externalapi:read"], value: "sgp_local_bob" },
    { name: "aliceOauth", user: "alice", scopes: ["user:all"], value: "oauth_alice", kind: "oauth" },
    { name: "bobOauth", user: "bob", scopes: ["externalapi:read"], value: "oauth_bob", kind: "oauth" },
  ],
};

const post = (url: string, init: RequestInit = {}) =>
  fetch(`${url}/.api/graphql`, { method: "POST", ...init });

describe("POST /.api/graphql over HTTP", () => {
  it("GQL-1: answers POST only: other methods are 405 with Allow: POST, and are not counted", async () => {
    const emulator = await start({ seed });
    for (const method of ["GET", "PUT", "DELETE"]) {
      const response = await fetch(`${emulator.url}/.api/graphql?query={currentUser{id}}`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.text()).toBe("Method Not Allowed: the GraphQL API accepts POST only.\n");
    }
    expect(emulator.counters.total()).toBe(0);
  });

  it("GQL-1: accepts gzip request bodies, and refuses broken gzip and other encodings", async () => {
    const emulator = await start({ seed });
    const body = gzipSync(JSON.stringify({ query: WHO }));
    const zipped = await post(emulator.url, {
      headers: { "Content-Encoding": "gzip", Authorization: "token sgp_local_alice" },
      body,
    });
    expect([zipped.status, await zipped.json()]).toEqual([
      200,
      { data: { currentUser: { username: "alice" } } },
    ]);
    const broken = await post(emulator.url, {
      headers: { "Content-Encoding": "gzip" },
      body: JSON.stringify({ query: WHO }),
    });
    expect([broken.status, await broken.text()]).toEqual([400, "the request body is not valid gzip\n"]);
    const brotli = await post(emulator.url, { headers: { "Content-Encoding": "br" }, body: "x" });
    expect(brotli.status).toBe(415);
  });

  it("LIMIT-7: refuses a body past 10 MiB with 413 as soon as the limit is passed, without reading the rest", async () => {
    const emulator = await start({ seed });
    const answer = await postHeldOpen(
      `${emulator.url}/.api/graphql`,
      { "Content-Type": "application/json" },
      11 * 1024 * 1024,
    );
    expect(answer.endedBeforeAnswer).toBe(false);
    expect([answer.status, answer.text]).toEqual([413, "the request body is larger than 10485760 bytes\n"]);
    expect(answer.headers.get("connection")).toBe("close");
    expect(emulator.counters.total()).toBe(0);
    expect((await callGraphQL(emulator, WHO)).status).toBe(200);
  });

  it.each([
    ["not JSON", "{", "the request body must be JSON: {query, variables?, operationName?}"],
    ["an array", "[]", "the request body must be a JSON object: {query, variables?, operationName?}"],
    ["no query", "{}", "query: must be a non-empty string"],
    ["bad variables", JSON.stringify({ query: WHO, variables: [1] }), "variables: must be an object"],
    [
      "bad operationName",
      JSON.stringify({ query: WHO, operationName: 1 }),
      "operationName: must be a string",
    ],
  ])("answers 400 with a JSON error for %s", async (_, body, message) => {
    const emulator = await start({ seed });
    const response = await post(emulator.url, { body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message }],
    });
  });

  describe("authentication", () => {
    it.each([
      ["token <t>", "token sgp_local_alice", "alice"],
      ['token token="<t>"', 'token token="sgp_local_alice"', "alice"],
      ["token token=<t>", "token token=sgp_local_alice", "alice"],
      ["Bearer <t> (an OAuth token)", "Bearer oauth_alice", "alice"],
      ['token-sudo user="<u>",token="<t>"', 'token-sudo user="bob",token="sgp_local_sudo"', "bob"],
      ['token-sudo token="<t>",user="<u>"', 'token-sudo token="sgp_local_sudo",user="bob"', "bob"],
      ["token-sudo without quotes", "token-sudo token=sgp_local_sudo, user=alice", "alice"],
      ["token-sudo with the username in another case", 'token-sudo user="BOB",token="sgp_local_sudo"', "bob"],
      ["token-sudo without a user (a plain token)", "token-sudo token=sgp_local_sudo", "admin"],
      ["HTTP Basic with the token as user name", `Basic ${btoa("sgp_local_alice:x")}`, "alice"],
    ])("AUTH-5: accepts %s", async (_, header, username) => {
      const emulator = await start({ seed });
      expect(await graphqlData(emulator, WHO, {}, { as: { headers: { Authorization: header } } })).toEqual({
        currentUser: { username },
      });
    });

    it("treats a request without Authorization as anonymous", async () => {
      const emulator = await start({ seed });
      expect(await graphqlData(emulator, WHO, {}, { as: "anonymous" })).toEqual({ currentUser: null });
    });

    it("refuses a token without the user:all scope, such as one with only the /api/ scopes", async () => {
      const emulator = await start({ seed });
      for (const header of ["token sgp_local_bob", "Bearer oauth_bob", 'token token="sgp_local_bob"']) {
        const answer = await callGraphQL(emulator, WHO, {}, { as: { headers: { Authorization: header } } });
        expect([answer.status, answer.text]).toEqual([401, "Invalid access token.\n"]);
      }
    });

    it.each([
      ["HTTP Basic without a user name", `Basic ${btoa(":pass")}`],
      ["another scheme", "Digest username=alice"],
      ["the scheme in another case", "Token sgp_local_alice"],
      ["the scheme in another case", 'TOKEN-SUDO user="bob",token="sgp_local_sudo"'],
      ["Bearer without a token", "Bearer"],
      ["AUTH-6: a personal access token as Bearer", "Bearer sgp_local_alice"],
      ["an unknown Bearer token", "Bearer sgp_local_unknown"],
      ["a repeated parameter", 'token token="sgp_local_alice", token="sgp_local_alice"'],
    ])("AUTH-3: ignores %s (%j): the request goes on as anonymous", async (_, header) => {
      const emulator = await start({ seed });
      expect(await graphqlData(emulator, WHO, {}, { as: { headers: { Authorization: header } } })).toEqual({
        currentUser: null,
      });
    });

    it.each([
      ["token", 401, "Invalid Authorization header."],
      ["token user=alice", 401, "Invalid Authorization header."],
      ["token-sudo sgp_local_sudo", 401, "Invalid Authorization header."],
      ['token-sudo user="bob"', 401, "Invalid Authorization header."],
      ["token a b", 401, "Invalid access token."],
      // HTTP Basic's user name is taken as a token.
      ["Basic dXNlcjpwYXNz", 401, "Invalid access token."],
      ["token sgp_local_unknown", 401, "Invalid access token."],
      ['token-sudo user="bob",token="sgp_local_unknown"', 401, "Invalid access token."],
      // A sudo token needs the site-admin:sudo scope: without it the token is as good as unknown.
      ['token-sudo user="bob",token="sgp_local_admin"', 401, "Invalid access token."],
      [
        'token-sudo user="bob",token="sgp_local_alicesudo"',
        403,
        "The subject user of a sudo access token must be a site admin.",
      ],
      ['token-sudo user="nobody",token="sgp_local_sudo"', 403, "Unable to sudo to nonexistent user."],
    ])("refuses %j with %i and a plain-text body", async (header, status, message) => {
      const emulator = await start({ seed });
      const answer = await callGraphQL(emulator, WHO, {}, { as: { headers: { Authorization: header } } });
      expect(answer.status).toBe(status);
      expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(answer.text).toBe(`${message}\n`);
    });

    it("makes a sudo request act as the target user in every resolver", async () => {
      const emulator = await start({ seed });
      const answer = await callGraphQL(
        emulator,
        "mutation { setRepositoryPermissionsUnrestricted(repositories: [$id], unrestricted: true) { alwaysNil } }".replace(
          "$id",
          JSON.stringify(encodeNodeId("Repository", 101)),
        ),
        {},
        { as: { headers: { Authorization: 'token-sudo user="alice",token="sgp_local_sudo"' } } },
      );
      expect(errorMessages(answer)).toEqual(["must be site admin"]);
      const asRoot = await callGraphQL(
        emulator,
        WHO,
        {},
        { as: { headers: { Authorization: 'token-sudo user="root",token="sgp_local_sudo"' } } },
      );
      expect(asRoot.body?.data).toEqual({ currentUser: { username: "root" } });
      // Every sudo request is audit-logged under the site admin whose token was used.
      expect(emulator.state.audit.entries.map(({ time: _, ...entry }) => entry)).toEqual([
        {
          userId: 1,
          username: "admin",
          token: "sudo",
          api: "graphql",
          method: "graphql:unnamed",
          note: 'token-sudo as user "alice"',
        },
        {
          userId: 1,
          username: "admin",
          token: "sudo",
          api: "graphql",
          method: "graphql:Who",
          note: 'token-sudo as user "root"',
        },
      ]);
    });

    it("never echoes a token, in refusals or in GraphQL errors", async () => {
      const canary = createCanaryToken();
      const emulator = await start({
        seed: {
          ...seed,
          tokens: [
            ...(seed.tokens ?? []),
            { name: "canary", user: "alice", scopes: ["user:all"], value: canary },
          ],
        },
      });
      const headers = [
        `token ${canary}x`,
        `token ${canary} x`,
        `Basic ${canary}`,
        `token-sudo user="admin",token="${canary}"`,
        `token-sudo user="admin",token="${canary}x"`,
        `token-sudo user="${canary}",token="${canary}"`,
        `token-sudo user="${canary}",token="sgp_local_sudo"`,
      ];
      const answers = await Promise.all(
        headers.map((header) =>
          callGraphQL(emulator, WHO, {}, { as: { headers: { Authorization: header } } }),
        ),
      );
      answers.push(
        await callGraphQL(emulator, "{ usersWithPendingPermissions }", {}, { as: { token: "canary" } }),
      );
      // Basic with a value that is not base64 is ignored (anonymous); the canary token lacks site-admin:sudo.
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 200, 401, 401, 401, 403, 200]);
      for (const answer of answers) expect(findSecret(canary, answer.text, answer.body)).toBeUndefined();
    });
  });

  it("GQL-2: answers execution errors with HTTP 200, partial data, and a message and path (no code) on each error", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(
      emulator,
      "{ currentUser { username } usersWithPendingPermissions }",
      {},
      { as: { token: "alice" } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "must be site admin",
          locations: [{ line: 1, column: 28 }],
          path: ["usersWithPendingPermissions"],
        },
      ],
      data: null,
    });
    const partial = await callGraphQL(emulator, '{ currentUser { username } repository(name: "x") { id } }');
    expect(partial.body).toEqual({ data: { currentUser: { username: "admin" }, repository: null } });
  });

  it("GQL-2: answers syntax and validation errors with HTTP 200 and no code", async () => {
    const emulator = await start({ seed });
    const syntax = await callGraphQL(emulator, "{ currentUser {");
    expect([syntax.status, errorCodes(syntax), syntax.body?.data]).toEqual([200, [undefined], undefined]);
    expect(syntax.body?.errors?.[0]?.message).toMatch(/^Syntax Error/);
    const invalid = await callGraphQL(emulator, "{ currentUser { password } }");
    expect([invalid.status, errorCodes(invalid)]).toEqual([200, [undefined]]);
    expect(invalid.body?.errors?.[0]?.message).toBe('Cannot query field "password" on type "User".');
    const variables = await callGraphQL(emulator, "query Q($n: String!) { repository(name: $n) { id } }", {
      n: 3,
    });
    expect([variables.status, errorCodes(variables)]).toEqual([200, [undefined]]);
  });

  it("LIMIT-1: refuses more aliases than the limit with 400 and ErrQueryComplexityLimitExceeded", async () => {
    const emulator = await start({ seed, graphql: { aliasLimit: 3 } });
    const lookup = (count: number) =>
      `query Lookup { ${Array.from({ length: count }, (_, i) => `r${i}: repository(name: "n${i}") { id }`).join(" ")} }`;
    expect((await callGraphQL(emulator, lookup(3))).status).toBe(200);
    const tooMany = await callGraphQL(emulator, lookup(4));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      errors: [
        {
          message: "Query exceeds maximum alias count limit",
          extensions: {
            code: "ErrQueryComplexityLimitExceeded",
            type: "alias count",
            limit: 3,
            actual: 4,
            docs_url: `${emulator.url}/help/api/graphql#cost-limits`,
          },
        },
      ],
    });
    const byDefault = await start({ seed });
    expect((await callGraphQL(byDefault, lookup(500))).status).toBe(200);
    expect((await callGraphQL(byDefault, lookup(501))).status).toBe(400);
  });

  describe("query cost, checked before validation and execution as Sourcegraph does", () => {
    /**
     * A GraphQL server over the emulator's schema whose every field resolver counts its calls, so a test can
     * prove that a refused request ran none.
     */
    async function countingServer() {
      const schema = createGraphQLSchema();
      const resolved = new Map<string, number>();
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith("__")) continue;
        for (const field of Object.values(type.getFields())) {
          const resolve = field.resolve ?? defaultFieldResolver;
          const key = `${type.name}.${field.name}`;
          field.resolve = (...args) => {
            resolved.set(key, (resolved.get(key) ?? 0) + 1);
            return resolve(...args);
          };
        }
      }
      const server = createServer(createGraphQLHandler({ state: loadSeed(seed), schema }));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const { port } = server.address() as AddressInfo;
      const call = async (query: string) => {
        const response = await post(`http://127.0.0.1:${port}`, {
          headers: { Authorization: "token sgp_local_alice" },
          body: JSON.stringify({ query }),
        });
        return { status: response.status, body: (await response.json()) as { errors?: unknown[] } };
      };
      return { call, resolved };
    }

    it.each([26, 30])(
      "LIMIT-6: refuses %i levels of fragments each spreading the previous twice with 400, running no resolver",
      async (levels) => {
        const { call, resolved } = await countingServer();
        const answer = await call(doublingFragments(levels));
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              message: "Query exceeds maximum field count limit",
              extensions: expect.objectContaining({
                code: "ErrQueryComplexityLimitExceeded",
                type: "field count",
                limit: 500_000,
                actual: 2 ** (levels + 1),
              }),
            }),
          ]),
        );
        expect(resolved.size).toBe(0);
        // The server is still serving.
        expect(await call("{ currentUser { username } }")).toEqual({
          status: 200,
          body: { data: { currentUser: { username: "alice" } } },
        });
        expect(resolved.get("Query.currentUser")).toBe(1);
      },
    );

    it("serves a legitimate deep query with fragments, aliases and pages", async () => {
      const emulator = await start({ seed });
      await graphqlData(
        emulator,
        `mutation { setRepositoryPermissionsForUsers(repository: "${encodeNodeId("Repository", 101)}",
          userPermissions: [{ bindID: "alice" }, { bindID: "bob" }]) { alwaysNil } }`,
      );
      const data = await graphqlData(
        emulator,
        `query Deep {
          first: repositories(first: 100) { nodes { ...Repo } pageInfo { hasNextPage } }
          again: repositories(first: 100) { nodes { ...Repo } }
        }
        fragment Repo on Repository { name authorizedUsers(first: 100) { nodes { ...Person } totalCount } }
        fragment Person on User { username organizations { nodes { name ... on Org { viewerIsMember } } } }`,
      );
      expect(data.first.nodes[0]).toEqual({
        name: "github.com/acme/api",
        authorizedUsers: {
          nodes: [
            { username: "alice", organizations: { nodes: [] } },
            { username: "bob", organizations: { nodes: [] } },
          ],
          totalCount: 2,
        },
      });
      expect(data.again.nodes).toEqual(data.first.nodes);
    });

    it("LIMIT-3: refuses a nesting deeper than 30 levels, and one too deep for the parser, as query depth", async () => {
      const emulator = await start({ seed });
      const nested = (levels: number) =>
        `{ ${"... on Query { ".repeat(levels)}__typename${" }".repeat(levels)} }`;
      expect(await graphqlData(emulator, nested(29))).toEqual({ __typename: "Query" });
      const deep = await callGraphQL(emulator, nested(30));
      expect(deep.status).toBe(400);
      expect(deep.body?.errors).toEqual([
        expect.objectContaining({
          message: "Query exceeds maximum query depth limit",
          extensions: expect.objectContaining({ type: "query depth", limit: 30, actual: 31 }),
        }),
      ]);
      const unparsable = await callGraphQL(emulator, `${"{a".repeat(200_000)}${"}".repeat(200_000)}`);
      expect(unparsable.status).toBe(400);
      expect(unparsable.body?.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ type: "query depth", limit: 30, actual: 200_000 }),
        }),
      ]);
    });

    it("LIMIT-2: refuses pages within pages past the field count, and honours configured limits", async () => {
      const emulator = await start({ seed, graphql: { fieldCountLimit: 100, depthLimit: 3 } });
      const pages = "{ repositories(first: 10) { nodes { authorizedUsers(first: 10) { nodes { id } } } } }";
      const answer = await callGraphQL(emulator, pages);
      expect(answer.status).toBe(400);
      expect(answer.body?.errors?.map((error) => error.extensions)).toEqual([
        expect.objectContaining({ type: "field count", limit: 100, actual: 1 + 10 * (1 + 10) }),
        expect.objectContaining({ type: "query depth", limit: 3, actual: 5 }),
      ]);
      await expect(startEmulator({ graphql: { depthLimit: 0 } })).rejects.toThrow(
        "graphql.depthLimit: must be an integer >= 1, got 0",
      );
    });

    it("LIMIT-6: answers fragments that spread each other with a validation error", async () => {
      const emulator = await start({ seed });
      const answer = await callGraphQL(
        emulator,
        "{ ...A } fragment A on Query { ...B } fragment B on Query { currentUser { id } ...A }",
      );
      expect([answer.status, errorCodes(answer)]).toEqual([200, [undefined]]);
      expect(answer.body?.errors?.[0]?.message).toMatch(/^Cannot spread fragment "[AB]" within itself\.$/);
    });
  });

  it("refuses a bad alias limit before listening", async () => {
    const { startEmulator } = await import("../server/start-emulator.js");
    await expect(startEmulator({ graphql: { aliasLimit: 0 } })).rejects.toThrow(
      "graphql.aliasLimit: must be an integer >= 1, got 0",
    );
  });

  it("counts requests per operation name, refused ones included", async () => {
    const emulator = await start({ seed });
    await callGraphQL(emulator, WHO);
    await callGraphQL(
      emulator,
      "query A { currentUser { id } } query B { currentUser { id } }",
      {},
      { operationName: "B" },
    );
    await callGraphQL(emulator, "{ currentUser { id } }");
    await callGraphQL(emulator, WHO, {}, { as: { headers: { Authorization: "token nope" } } });
    await callGraphQL(emulator, "{ broken");
    expect(emulator.counters.snapshot()).toEqual({ "graphql:B": 1, "graphql:Who": 2, "graphql:unnamed": 2 });
  });

  describe("faults", () => {
    it("GQL-21: answers an injected rate limit with 429, Retry-After and an empty body, replayably", async () => {
      const faults = {
        perMethod: { "graphql:Who": { rate: 1, kinds: { rateLimited: 1 }, retryAfterSeconds: 7 } },
      };
      const emulator = await start({ seed, faults });
      const answer = await callGraphQL(emulator, WHO);
      expect([answer.status, answer.headers.get("retry-after"), answer.text]).toEqual([429, "7", ""]);
      // Other operations are not affected.
      expect((await callGraphQL(emulator, "query Other { currentUser { id } }")).status).toBe(200);
      expect(emulator.faults?.log).toEqual([
        { method: "graphql:Who", call: 1, latencyMs: 0, kind: "rateLimited", retryAfterSeconds: 7 },
      ]);
      expect(emulator.counters.get("graphql:Who")).toBe(1);
    });

    it("answers an injected outage with 503, and drops the connection for resets", async () => {
      const emulator = await start({
        seed,
        faults: {
          perMethod: {
            "graphql:Down": { rate: 1, kinds: { unavailable: 1 } },
            "graphql:Reset": { rate: 1, kinds: { reset: 1 } },
          },
        },
      });
      expect((await callGraphQL(emulator, "query Down { currentUser { id } }")).status).toBe(503);
      await expect(callGraphQL(emulator, "query Reset { currentUser { id } }")).rejects.toThrow();
    });

    it("applies a mutation whose answer is lost", async () => {
      const emulator = await start({
        seed,
        faults: { perMethod: { "graphql:Open": { rate: 1, kinds: { lostAnswer: 1 } } } },
      });
      const id = encodeNodeId("Repository", 101);
      await expect(
        callGraphQL(
          emulator,
          "mutation Open($id: ID!) { setRepositoryPermissionsUnrestricted(repositories: [$id], unrestricted: true) { alwaysNil } }",
          { id },
        ),
      ).rejects.toThrow();
      expect(emulator.state.repositories.byId(101)?.unrestricted).toBe(true);
    });

    it("adds the seeded latency before answering", async () => {
      const emulator = await start({ seed, faults: { latencyMs: 50 } });
      const started = performance.now();
      expect((await callGraphQL(emulator, WHO)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    });
  });

  it("serves GraphQL requests through the capacity model, 503 when saturated", async () => {
    const emulator = await start({ seed, capacity: { workers: 1, serviceMs: 400, queueTimeoutMs: 20 } });
    const answers = await Promise.all([1, 2, 3].map(() => callGraphQL(emulator, WHO)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 503, 503]);
    expect(emulator.capacityStats()).toMatchObject({ served: 1, rejected: 2 });
  });
});
