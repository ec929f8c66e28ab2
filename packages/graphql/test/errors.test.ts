// Error mapping of @sgkit/graphql end to end against the emulator over loopback HTTP: what the real server answers
// (a plain-text 401, GraphQL `errors` with a message and a path but no `extensions.code` in a 200, a 400 cost
// refusal with `ErrQueryComplexityLimitExceeded`, the one code Sourcegraph sends) and what the client
// raises for it, and what the client refuses before sending anything. No nock in this file.
import { AuthenticationError, type Credentials, NetworkError, SourcegraphError } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import {
  decodeNodeId,
  type GraphQLClient,
  GraphQLResponseError,
  InvalidArgumentError,
  InvalidNodeIdError,
  QueryComplexityError,
  repositoryIdsByNameQuery,
} from "../src/index.js";
import {
  ALICE,
  BULK_REPOS,
  collect,
  failureOf,
  graphqlCalls,
  graphqlFor,
  ids,
  REPO,
  startGraphQLEmulator,
  statePairs,
} from "./support/emulator.js";

describe("authentication failures (plain-text 401 from the server)", () => {
  it("an unknown token is an AuthenticationError, not retried", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator, null, { token: `sgp_local_${"0".repeat(40)}` });
    const error = await failureOf(client.currentUser());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: "unauthenticated", status: 401, isRetryable: false });
    expect((error as SourcegraphError).response?.body).toBe("Invalid access token.\n");
    expect((error as SourcegraphError).response?.headers["content-type"]).toMatch(/^text\/plain/);
    expect(graphqlCalls(emulator)).toEqual({ CurrentUser: 1 });
  });

  it("a malformed Authorization header is an AuthenticationError too", async () => {
    const emulator = await startGraphQLEmulator();
    // A token header without a token value (Sourcegraph ignores other schemes, and takes Basic's user name as a
    // token, so neither is malformed).
    const malformed: Credentials = { type: "token", authorization: async () => "token user=alice" };
    const error = await failureOf(graphqlFor(emulator, null, { credentials: malformed }).currentUser());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as SourcegraphError).response?.body).toBe("Invalid Authorization header.\n");
  });

  it("an OAuth-style Bearer header with a valid token is accepted", async () => {
    const emulator = await startGraphQLEmulator();
    const token = emulator.token("alice");
    const bearer: Credentials = { type: "oauth", authorization: async () => `Bearer ${token}` };
    expect(await graphqlFor(emulator, null, { credentials: bearer }).currentUser()).toMatchObject({
      username: "alice",
    });
  });
});

describe("GraphQL errors in a 200 answer", () => {
  type Client = GraphQLClient;
  it.each([
    {
      field: "setRepositoryPermissionsForUsers",
      call: (c: Client) => c.setRepositoryPermissionsForUsers(ids.repo, ["bob"]),
    },
    {
      field: "setRepositoryPermissionsUnrestricted",
      call: (c: Client) => c.setRepositoryPermissionsUnrestricted([ids.repo], true),
    },
    {
      field: "setSubRepositoryPermissionsForUsers",
      call: (c: Client) =>
        c.setSubRepositoryPermissionsForUsers(ids.repo, [{ bindID: "alice", paths: ["/**"] }]),
    },
  ])(
    "a non-admin calling $field: GraphQLResponseError with Sourcegraph's message and path, no code",
    async ({ field, call }) => {
      const emulator = await startGraphQLEmulator();
      const error = await failureOf(call(graphqlFor(emulator, "alice")));
      expect(error).toBeInstanceOf(GraphQLResponseError);
      const graphqlError = error as GraphQLResponseError;
      const operationName = `${field.charAt(0).toUpperCase()}${field.slice(1)}`;
      expect(graphqlError).toMatchObject({ status: 200, isRetryable: false, operationName });
      expect(graphqlError.errorCodes).toEqual([]);
      expect(graphqlError.errors).toEqual([
        { message: "must be site admin", path: [field], locations: expect.any(Array) },
      ]);
      expect(graphqlError.message).toContain(field);
      // Not retried (a GraphQL error is an answer), and nothing changed.
      expect(Object.values(graphqlCalls(emulator))).toEqual([1]);
      expect(statePairs(emulator)).toEqual([`repositories/124/explicitRepoPermissions/${ALICE}`]);
      expect(emulator.state.subRepoPermissions.all()).toEqual([]);
      expect(emulator.state.repositories.byId(REPO)?.unrestricted).toBe(false);
    },
  );

  it('an anonymous permission mutation is "not authenticated"; a site-admin query by a user "must be site admin"', async () => {
    const emulator = await startGraphQLEmulator();
    const anonymous = await failureOf(
      graphqlFor(emulator, null).setRepositoryPermissionsForUsers(ids.repo, []),
    );
    expect((anonymous as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "not authenticated",
    ]);
    const user = await failureOf(graphqlFor(emulator, "bob").usersWithPendingPermissions());
    expect((user as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "must be site admin",
    ]);
    expect((user as GraphQLResponseError).errors[0]?.path).toEqual(["usersWithPendingPermissions"]);
  });

  it("without the license feature every permission mutation fails with the license message and changes nothing", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    emulator.state.license = false;
    const calls = [
      () => client.setRepositoryPermissionsForUsers(ids.repo, ["bob"]),
      () => client.setRepositoryPermissionsUnrestricted([ids.repo], true),
      () => client.setSubRepositoryPermissionsForUsers(ids.repo, [{ bindID: "alice", paths: ["/**"] }]),
    ];
    for (const call of calls) {
      const error = await failureOf(call);
      expect(error).toBeInstanceOf(GraphQLResponseError);
      expect(error).toMatchObject({ code: "unknown", isRetryable: false });
      expect((error as GraphQLResponseError).errorCodes).toEqual([]);
      expect(error.message).toMatch(
        /"explicit-permissions-api" is not activated in your Sourcegraph license/,
      );
    }
    expect(statePairs(emulator)).toEqual([`repositories/124/explicitRepoPermissions/${ALICE}`]);
    // Reads are not licensed; the license comes back at once.
    expect(await client.usersWithPendingPermissions()).toEqual([]);
    emulator.state.license = true;
    await client.setRepositoryPermissionsForUsers(ids.repo, ["bob"]);
    expect(emulator.state.permissions.has(REPO, 457)).toBe(true);
  });

  it("a document that does not fit the schema: a validation error; one that does not parse: refused locally", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const invalid = await failureOf(client.request("query Nope { currentUser { nope } }"));
    expect(invalid).toBeInstanceOf(GraphQLResponseError);
    expect((invalid as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      'Cannot query field "nope" on type "User".',
    ]);
    expect(graphqlCalls(emulator)).toEqual({ Nope: 1 });

    const unparsable = await failureOf(client.request("query {"));
    expect(unparsable).toBeInstanceOf(InvalidArgumentError);
    expect(graphqlCalls(emulator)).toEqual({ Nope: 1 });
  });

  it("partial data comes with the error", async () => {
    const emulator = await startGraphQLEmulator();
    const error = await failureOf(
      graphqlFor(emulator).request(`query Partial {
        currentUser { username }
        searchContextBySpec(spec: "@alice/missing") { id }
      }`),
    );
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).data).toEqual({
      currentUser: { username: "admin" },
      searchContextBySpec: null,
    });
    expect((error as GraphQLResponseError).errors[0]?.path).toEqual(["searchContextBySpec"]);
  });
});

describe("malformed node IDs", () => {
  const MALFORMED = [
    ["not base64 at all", "not a node id!"],
    ["no padding", "UmVwb3NpdG9yeToxMjM"],
    ["the standard alphabet's + and /", "UmVwb3+pdG9yeToxMjM/"],
    ["no Kind:", "MTIz"], // "123"
  ] as const;

  it.each(MALFORMED)("decodeNodeId refuses %s with an InvalidNodeIdError", (_, id) => {
    expect(() => decodeNodeId(id)).toThrow(InvalidNodeIdError);
  });

  it.each(MALFORMED)(
    "%s never reaches a resolver: refused as an invalid argument, nothing changes",
    async (_, id) => {
      const emulator = await startGraphQLEmulator();
      const client = graphqlFor(emulator);
      for (const call of [
        () => client.searchContextById(id),
        () => collect(client.repositoryAuthorizedUsers(id)),
        () => client.setRepositoryPermissionsForUsers(id, ["bob"]),
      ]) {
        const error = await failureOf(call);
        // Locally (InvalidNodeIdError, the README's "refused before sending") or by the server (a message naming
        // the argument, no code).
        if (error instanceof GraphQLResponseError) expect(error.errors).toHaveLength(1);
        else expect(error).toBeInstanceOf(InvalidNodeIdError);
      }
      expect(statePairs(emulator)).toEqual([`repositories/124/explicitRepoPermissions/${ALICE}`]);
    },
  );

  // Refused before sending: the README's promise for every function that takes a node ID.
  it.each(MALFORMED)("%s is refused locally with InvalidNodeIdError: nothing is sent", async (_, id) => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    for (const call of [
      () => client.searchContextById(id),
      () => collect(client.repositoryAuthorizedUsers(id)),
      () => client.setRepositoryPermissionsForUsers(id, ["bob"]),
    ]) {
      expect(await failureOf(call)).toBeInstanceOf(InvalidNodeIdError);
    }
    expect(emulator.counters.total()).toBe(0);
  });
});

describe("the alias limit: QueryComplexityError", () => {
  it("a chunk over the emulator's alias limit is a QueryComplexityError (HTTP 400), not retried", async () => {
    const emulator = await startGraphQLEmulator({ graphql: { aliasLimit: 10 } });
    const client = graphqlFor(emulator);
    const names = BULK_REPOS.slice(0, 11).map((id) => `github.com/bulk/repo${id}`);
    const error = await failureOf(client.repositoryIdsByName(names));
    expect(error).toBeInstanceOf(QueryComplexityError);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect(error).toMatchObject({ status: 400, code: "invalid_argument", isRetryable: false });
    expect((error as QueryComplexityError).errorCodes).toEqual(["ErrQueryComplexityLimitExceeded"]);
    expect(graphqlCalls(emulator)).toEqual({ RepositoryIdsByName: 1 });

    // Under the limit with chunking: two requests.
    emulator.counters.reset();
    const result = await client.repositoryIdsByName(names, { chunkSize: 10 });
    expect(result.size).toBe(11);
    expect([...result.values()].every((id) => id !== null)).toBe(true);
    expect(graphqlCalls(emulator)).toEqual({ RepositoryIdsByName: 2 });
  });

  it("the default limit (500): the largest chunk passes, one alias more is refused", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator);
    const names = Array.from({ length: 501 }, (_, i) => `github.com/bulk/repo${2000 + (i % 250)}-${i}`);
    const result = await client.repositoryIdsByName(names, { chunkSize: 500 });
    expect(result.size).toBe(501);
    expect(graphqlCalls(emulator)).toEqual({ RepositoryIdsByName: 2 });

    const { query, variables } = repositoryIdsByNameQuery(names);
    const error = await failureOf(client.request(query, variables));
    expect(error).toBeInstanceOf(QueryComplexityError);
    // Sourcegraph's wording: the limit's type in the message, the numbers in the extensions.
    expect(error.message).toMatch(/maximum alias count limit/);
    expect((error as QueryComplexityError).errors[0]?.extensions).toMatchObject({
      code: "ErrQueryComplexityLimitExceeded",
      type: "alias count",
      limit: 500,
      actual: 501,
    });
  });
});

describe("no answer", () => {
  it("a stopped server is a NetworkError (after the retries of a query)", async () => {
    const emulator = await startGraphQLEmulator();
    const client = graphqlFor(emulator, "admin", {
      retry: { maxAttempts: 2, baseDelayMs: 1, budget: false },
    });
    await emulator.stop();
    const error = await failureOf(client.currentUser());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toBeInstanceOf(SourcegraphError);
  });
});
