import {
  AuthenticationError,
  ConfigurationError,
  createSudoCredentials,
  type DebugEvent,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
} from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { parse } from "graphql";
import { describe, expect, expectTypeOf, it } from "vitest";
import { data, ORIGIN, seen, serve, TOKEN, useGraphQLNock } from "../test/support/graphql-nock.js";
import {
  createGraphQLClient,
  type GraphQLClientOptions,
  isIdempotentOperation,
  operationInfo,
} from "./client.js";
import { GraphQLResponseError, QueryComplexityError } from "./errors.js";
import {
  CreateSearchContextDocument,
  CurrentUserDocument,
  DeleteSearchContextDocument,
  SetRepositoryPermissionsForUsersDocument,
  SetRepositoryPermissionsUnrestrictedDocument,
  SetSubRepositoryPermissionsForUsersDocument,
  UpdateSearchContextDocument,
  UserDocument,
  type UserFieldsFragment,
} from "./gen/operations/graphql.js";
import { VERSION } from "./version.js";

useGraphQLNock();

const alice = {
  id: "VXNlcjo0NTY=",
  username: "alice",
  displayName: null,
  siteAdmin: false,
  primaryEmail: null,
};

function client(options: Partial<GraphQLClientOptions> = {}) {
  return createGraphQLClient({
    endpoint: ORIGIN,
    token: TOKEN,
    internal: { sleep: async () => {} },
    ...options,
  });
}

describe("request on the wire", () => {
  it("POSTs {query, variables, operationName} as JSON to /.api/graphql with token auth and a User-Agent", async () => {
    serve(data({ user: alice }));
    const result = await client({ userAgent: "my-tool/1.0" }).request(UserDocument, { username: "alice" });
    expect(result.user?.username).toBe("alice");
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.headers.get("authorization")).toBe(`token ${TOKEN}`);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("user-agent")).toMatch(
      new RegExp(`^my-tool/1\\.0 sgkit-graphql/${VERSION} sgkit/`),
    );
    expect(Object.keys(request?.body ?? {})).toEqual(["query", "variables", "operationName"]);
    expect(request?.body.operationName).toBe("User");
    expect(request?.body.variables).toEqual({ username: "alice" });
    expect(request?.body.query).toMatch(/^query User\(\$username: String, \$email: String\) \{/);
    // Fragments travel with the operation.
    expect(request?.body.query).toContain("fragment UserFields on User {");
  });

  it("types results and variables from the document", async () => {
    serve(data({ currentUser: alice }));
    const result = await client().request(CurrentUserDocument);
    expectTypeOf(result.currentUser).toEqualTypeOf<UserFieldsFragment | null>();
    expect(result.currentUser).toEqual(alice);
    // Checked by tsc, never run: the required variables of a document are required arguments.
    const neverCalled = () => [
      // @ts-expect-error: repository and userPermissions are required
      client().request(SetRepositoryPermissionsForUsersDocument, {}),
      // @ts-expect-error: the variables are required at all
      client().request(SetRepositoryPermissionsForUsersDocument),
      // @ts-expect-error: a wrong variable type
      client().request(UserDocument, { username: 1 }),
    ];
    expect(neverCalled).toBeTypeOf("function");
  });

  it("sends token-sudo for sudo credentials on every request", async () => {
    serve(data({ currentUser: alice }));
    const sudo = client({
      token: undefined,
      credentials: createSudoCredentials({ token: TOKEN, user: "alice" }),
    });
    await sudo.request(CurrentUserDocument);
    await sudo.request(CurrentUserDocument);
    const shorthand = client({ sudo: "alice" });
    await shorthand.request(CurrentUserDocument);
    expect(seen.map((s) => s.headers.get("authorization"))).toEqual(
      Array(3).fill(`token-sudo user="alice",token="${TOKEN}"`),
    );
  });

  it("sends no Authorization without a token, and extra headers when given", async () => {
    serve(data({ currentUser: null }));
    await client({ token: undefined, headers: { "X-Proxy-Auth": "p" } }).request(CurrentUserDocument);
    expect(seen[0]?.headers.get("authorization")).toBeNull();
    expect(seen[0]?.headers.get("x-proxy-auth")).toBe("p");
  });

  it("accepts a query as text, with an anonymous operation (no operationName sent)", async () => {
    serve(data({ currentUser: { username: "alice" } }));
    const result = await client().request<{ currentUser: { username: string } }>(
      "{ currentUser { username } }",
    );
    expect(result.currentUser.username).toBe("alice");
    expect(seen[0]?.body).toEqual({ query: "{ currentUser { username } }", variables: {} });
  });

  it("picks the operation named by operationName, and refuses an ambiguous or unparsable document", async () => {
    serve(data({ currentUser: null }));
    const text = "query A { currentUser { id } } mutation B { deleteSearchContext(id: 1) { alwaysNil } }";
    await client().request(text, {}, { operationName: "A" });
    expect(seen[0]?.body.operationName).toBe("A");
    await expect(client().request(text)).rejects.toThrow(/holds 2 operations \(A, B\); pass operationName/);
    await expect(client().request(text, {}, { operationName: "C" })).rejects.toThrow(
      /no operation named "C"/,
    );
    await expect(client().request("query {")).rejects.toThrow(/does not parse/);
    expect(seen).toHaveLength(1);
  });

  it("refuses bad options before sending", () => {
    expect(() => createGraphQLClient({ endpoint: "ftp://x" })).toThrow(ConfigurationError);
    expect(() =>
      createGraphQLClient({
        endpoint: ORIGIN,
        token: TOKEN,
        credentials: createSudoCredentials({ token: TOKEN, user: "a" }),
      }),
    ).toThrow(/either token or credentials/);
    expect(() => createGraphQLClient({ endpoint: ORIGIN, sudo: "alice" })).toThrow(/sudo needs token/);
    expect(() => createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sudo: 'a"b' })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, headers: { Authorization: "token x" } }),
    ).toThrow(/Authorization/);
    expect(() => createGraphQLClient({ endpoint: "http://sg.example.com", token: TOKEN })).not.toThrow();
  });

  it("refuses to send a token over plain HTTP to a non-loopback host", async () => {
    const insecure = createGraphQLClient({ endpoint: "http://sg.example.com", token: TOKEN });
    await expect(insecure.request(CurrentUserDocument)).rejects.toThrow(ConfigurationError);
  });

  it("builds the URL under a path prefix", async () => {
    const prefixed = createGraphQLClient({ endpoint: `${ORIGIN}/sourcegraph/`, token: TOKEN });
    expect(prefixed.url).toBe(`${ORIGIN}/sourcegraph/.api/graphql`);
    expect(prefixed.endpoint).toBe(`${ORIGIN}/sourcegraph`);
  });
});

describe("errors", () => {
  it("turns GraphQL errors into GraphQLResponseError with path, extensions.code and partial data", async () => {
    serve([
      200,
      {
        data: { r0: { id: "UmVwb3NpdG9yeToxMjM=" }, r1: null },
        errors: [
          { message: "internal error resolving", path: ["r1"], extensions: { code: "ErrInternal" } },
          { message: "second", path: ["r1", "id"] },
        ],
      },
    ]);
    const error = await client()
      .request('query Two { r0: repository(name: "a") { id } r1: repository(name: "b") { id } }')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect(error).toBeInstanceOf(SourcegraphError);
    const graphqlError = error as GraphQLResponseError;
    expect(graphqlError.message).toBe("Two failed at r1: internal error resolving (and 1 more error)");
    expect(graphqlError.errors).toEqual([
      { message: "internal error resolving", path: ["r1"], extensions: { code: "ErrInternal" } },
      { message: "second", path: ["r1", "id"] },
    ]);
    expect(graphqlError.errorCodes).toEqual(["ErrInternal"]);
    expect(graphqlError.data).toEqual({ r0: { id: "UmVwb3NpdG9yeToxMjM=" }, r1: null });
    expect(graphqlError.operationName).toBe("Two");
    expect(graphqlError.isRetryable).toBe(false);
    expect(graphqlError.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("turns a 400 with ErrQueryComplexityLimitExceeded into QueryComplexityError, not retried", async () => {
    serve([
      400,
      {
        errors: [
          {
            message: "query exceeds maximum query cost",
            extensions: { code: "ErrQueryComplexityLimitExceeded" },
          },
        ],
      },
    ]);
    const error = await client()
      .request(CurrentUserDocument)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryComplexityError);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as QueryComplexityError).status).toBe(400);
    expect((error as QueryComplexityError).code).toBe("invalid_argument");
    expect((error as QueryComplexityError).isRetryable).toBe(false);
    expect((error as Error).message).toMatch(
      /CurrentUser was refused as too complex: query exceeds maximum query cost/,
    );
    expect(seen).toHaveLength(1);
  });

  it("turns another 400 with GraphQL errors into GraphQLResponseError (invalid_argument)", async () => {
    serve([400, { errors: [{ message: 'Cannot query field "nope" on type "Query".' }] }]);
    const error = await client()
      .request("{ nope }")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect(error).not.toBeInstanceOf(QueryComplexityError);
    expect((error as GraphQLResponseError).code).toBe("invalid_argument");
  });

  it("turns a 400 without a GraphQL body into core's HTTP error", async () => {
    serve([400, "bad request", { "Content-Type": "text/plain" }]);
    const error = await client()
      .request(CurrentUserDocument)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(error).not.toBeInstanceOf(GraphQLResponseError);
    expect((error as SourcegraphError).code).toBe("invalid_argument");
    expect((error as Error).message).toMatch(/HTTP 400: bad request/);
  });

  it("maps 401 (plain text) to AuthenticationError and 403 to PermissionDeniedError, without retrying", async () => {
    serve([401, "Invalid access token.", { "Content-Type": "text/plain" }]);
    const unauthenticated = await client()
      .request(CurrentUserDocument)
      .catch((e: unknown) => e);
    expect(unauthenticated).toBeInstanceOf(AuthenticationError);
    expect((unauthenticated as Error).message).toMatch(/Invalid access token\./);
    expect(seen).toHaveLength(1);
    serve([403, "must be site admin", { "Content-Type": "text/plain" }]);
    await expect(client().request(CurrentUserDocument)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("answers a non-JSON 200 with an internal error", async () => {
    serve([200, "<html>proxy login</html>", { "Content-Type": "text/html" }]);
    const error = await client()
      .request(CurrentUserDocument)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect((error as SourcegraphError).code).toBe("internal");
    expect((error as Error).message).toMatch(/not a GraphQL response/);
  });

  it("answers a 200 with neither data nor errors with an internal error", async () => {
    serve([200, { data: null }]);
    await expect(client().request(CurrentUserDocument)).rejects.toThrow(/neither data nor errors/);
  });

  it("rejects with the caller's abort reason", async () => {
    serve(data({ currentUser: null }));
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(client().request(CurrentUserDocument, {}, { signal: controller.signal })).rejects.toBe(
      reason,
    );
    expect(seen).toHaveLength(0);
  });
});

describe("retries", () => {
  it("retries a query after 429 with Retry-After, waiting as asked", async () => {
    const waits: number[] = [];
    serve([429, "", { "Retry-After": "2" }], data({ currentUser: alice }));
    const result = await client({ internal: { sleep: async (ms) => void waits.push(ms) } }).request(
      CurrentUserDocument,
    );
    expect(result.currentUser).toEqual(alice);
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it("gives up with RateLimitedError (retryAfterMs) when Retry-After is longer than maxDelayMs", async () => {
    serve([429, "", { "Retry-After": "120" }]);
    const error = await client({ retry: { maxDelayMs: 10_000 } })
      .request(CurrentUserDocument)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(seen).toHaveLength(1);
  });

  it("retries a query on 503 up to maxAttempts", async () => {
    serve([503, "unavailable", { "Content-Type": "text/plain" }]);
    const error = await client({ retry: { maxAttempts: 3 } })
      .request(CurrentUserDocument)
      .catch((e: unknown) => e);
    expect((error as SourcegraphError).status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it("retries the idempotent mutations (replace semantics) on 503", async () => {
    serve([503, ""], data({ setRepositoryPermissionsForUsers: { alwaysNil: null } }));
    await client().request(SetRepositoryPermissionsForUsersDocument, {
      repository: "UmVwb3NpdG9yeToxMjM=",
      userPermissions: [],
    });
    expect(seen).toHaveLength(2);
    seen.length = 0;
    serve([503, ""], data({ setRepositoryPermissionsUnrestricted: { alwaysNil: null } }));
    await client().request(SetRepositoryPermissionsUnrestrictedDocument, {
      repositories: ["x"],
      unrestricted: true,
    });
    expect(seen).toHaveLength(2);
  });

  it("does not retry a non-idempotent mutation on 503 or 429", async () => {
    serve([503, "unavailable", { "Content-Type": "text/plain" }]);
    const error = await client()
      .request(DeleteSearchContextDocument, { id: "x" })
      .catch((e: unknown) => e);
    expect((error as SourcegraphError).status).toBe(503);
    expect(seen).toHaveLength(1);
    seen.length = 0;
    serve([429, "", { "Retry-After": "1" }]);
    await expect(
      client().request(SetSubRepositoryPermissionsForUsersDocument, { repository: "x", userPermissions: [] }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(seen).toHaveLength(1);
  });

  it("lets a request override the decision", async () => {
    serve([503, ""], data({ deleteSearchContext: { alwaysNil: null } }));
    await client().request(DeleteSearchContextDocument, { id: "x" }, { idempotent: true });
    expect(seen).toHaveLength(2);
    seen.length = 0;
    serve([503, ""]);
    await expect(client().request(CurrentUserDocument, {}, { idempotent: false })).rejects.toThrow(/503/);
    expect(seen).toHaveLength(1);
  });

  it("does not retry GraphQL errors in a 200", async () => {
    serve([200, { errors: [{ message: "boom" }] }]);
    await expect(client().request(CurrentUserDocument)).rejects.toBeInstanceOf(GraphQLResponseError);
    expect(seen).toHaveLength(1);
  });
});

describe("canary token", () => {
  it("never appears in errors or debug events", async () => {
    const token = createCanaryToken();
    const events: DebugEvent[] = [];
    const canary = client({ token, onDebug: (event) => events.push(event), retry: { maxAttempts: 2 } });
    const errors: unknown[] = [];
    // The server even echoes the token back in every failure shape.
    serve(
      [401, `Invalid access token. ${token}`, { "Content-Type": "text/plain" }],
      [
        200,
        {
          data: { r: null },
          errors: [{ message: `bad ${token}`, path: ["r"], extensions: { code: token } }],
        },
      ],
      [
        400,
        { errors: [{ message: `cost ${token}`, extensions: { code: "ErrQueryComplexityLimitExceeded" } }] },
      ],
      [429, token, { "Retry-After": "999" }],
      [500, { message: token }],
      [200, `not json ${token}`],
    );
    for (let i = 0; i < 6; i++)
      errors.push(await canary.request(CurrentUserDocument).catch((e: unknown) => e));
    const sudo = client({ sudo: "alice", token, onDebug: (event) => events.push(event) });
    errors.push(await sudo.request(CurrentUserDocument).catch((e: unknown) => e));
    expect(errors.every((e) => e instanceof SourcegraphError)).toBe(true);
    expect(seen.some((s) => s.headers.get("authorization")?.includes(token))).toBe(true);
    expect(findSecret(token, ...errors, ...events, canary)).toBeUndefined();
  });
});

describe("operationInfo", () => {
  it("describes a generated document once (cached by identity)", () => {
    const info = operationInfo(CurrentUserDocument);
    expect(info).toMatchObject({ name: "CurrentUser", type: "query", rootFields: ["currentUser"] });
    expect(operationInfo(CurrentUserDocument)).toBe(info);
  });

  it("reads text documents, anonymous ones too", () => {
    expect(operationInfo("{ currentUser { id } }")).toMatchObject({
      name: undefined,
      type: "query",
      rootFields: ["currentUser"],
      query: "{ currentUser { id } }",
    });
  });

  it("reports unknown root fields when a fragment sits at the root", () => {
    const text = "mutation M { ...F } fragment F on Mutation { deleteSearchContext(id: 1) { alwaysNil } }";
    expect(operationInfo(text).rootFields).toBeUndefined();
    expect(isIdempotentOperation(operationInfo(text))).toBe(false);
  });

  it("prints untyped DocumentNodes", () => {
    const document = parse("query Q { currentUser { id } }");
    expect(operationInfo(document).query).toBe("query Q {\n  currentUser {\n    id\n  }\n}");
  });
});

describe("isIdempotentOperation (retry decision)", () => {
  it.each([
    [CurrentUserDocument, true],
    [SetRepositoryPermissionsForUsersDocument, true],
    [SetRepositoryPermissionsUnrestrictedDocument, true],
    [SetSubRepositoryPermissionsForUsersDocument, false],
    [CreateSearchContextDocument, false],
    [UpdateSearchContextDocument, false],
    [DeleteSearchContextDocument, false],
  ])("%#: decides from the operation type and the allow-list", (document, expected) => {
    expect(isIdempotentOperation(operationInfo(document))).toBe(expected);
  });

  it("needs every root field of a mutation to be idempotent", () => {
    const both =
      "mutation { a: setRepositoryPermissionsUnrestricted(repositories: [], unrestricted: true) { alwaysNil } " +
      "b: deleteSearchContext(id: 1) { alwaysNil } }";
    expect(isIdempotentOperation(operationInfo(both))).toBe(false);
    const twoSafe =
      "mutation { __typename a: setRepositoryPermissionsUnrestricted(repositories: [], unrestricted: true) { alwaysNil } " +
      "b: setRepositoryPermissionsForUsers(repository: 1, userPermissions: []) { alwaysNil } }";
    expect(isIdempotentOperation(operationInfo(twoSafe))).toBe(true);
    expect(isIdempotentOperation(operationInfo("mutation { __typename }"))).toBe(false);
    expect(isIdempotentOperation({ type: "subscription", rootFields: ["x"] })).toBe(false);
  });
});
