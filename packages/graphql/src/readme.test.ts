import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createCanaryToken } from "@sgkit/core/test";
import { graphql } from "graphql";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { encodeNodeId } from "./node-ids.js";
import { loadSchema } from "./schema.js";

// Real loopback HTTP: this file must not import nock (it stalls loopback calls, see CONTRIBUTING). The server is a
// tiny Sourcegraph stand-in that executes this package's schema with graphql-js, so the README's operations are
// validated as a server would.

const examples = readmeExamples(join(import.meta.dirname, ".."));
const { example } = examples;

/** Runs `code` as a user would, returning what it logged, a line per call. */
async function run(name: string, code: string): Promise<string[]> {
  return (await examples.run(name, code)).lines;
}

/** A Sourcegraph-like instance: users alice and bob, two repositories, explicit ACLs and search contexts. */
function createInstance() {
  const users = ["alice", "bob"];
  const userObject = (username: string) => {
    const n = users.indexOf(username) + 1;
    return n === 0
      ? null
      : {
          __typename: "User",
          id: encodeNodeId("User", n),
          username,
          primaryEmail: { email: `${username}@example.com`, isPrimary: true, verified: true },
        };
  };
  const repositories = new Map([
    ["github.com/acme/api", 123],
    ["github.com/acme/web", 124],
  ]);
  const acl = new Map<string, string[]>();
  const contexts: Array<Record<string, unknown>> = [];
  const repositoryById = (id: string) => {
    const entry = [...repositories].find(([, n]) => encodeNodeId("Repository", n) === id);
    return entry ? { __typename: "Repository", id, name: entry[0] } : null;
  };
  const page = <T>(nodes: T[]) => ({
    nodes,
    totalCount: nodes.length,
    pageInfo: { hasNextPage: false, endCursor: null },
  });
  const rootValue = {
    currentUser: () => ({
      id: encodeNodeId("User", 1),
      username: "alice",
      displayName: null,
      siteAdmin: true,
    }),
    // Emails match exactly, as Sourcegraph's are case-sensitive.
    user: ({ username, email }: { username?: string; email?: string }) =>
      userObject(username ?? users.find((u) => `${u}@example.com` === email) ?? ""),
    node: ({ id }: { id: string }) =>
      repositoryById(id) ?? users.map(userObject).find((user) => user?.id === id) ?? null,
    repositories: () =>
      page(
        [...repositories.keys()].map((name) => ({
          id: encodeNodeId("Repository", repositories.get(name) as number),
          name,
        })),
      ),
    repository: ({ name }: { name: string }) => {
      const n = repositories.get(name);
      return n === undefined ? null : { id: encodeNodeId("Repository", n), name };
    },
    setRepositoryPermissionsForUsers: (args: {
      repository: string;
      userPermissions: Array<{ bindID: string }>;
    }) => {
      acl.set(
        args.repository,
        args.userPermissions.map((p) => p.bindID),
      );
      return { alwaysNil: null };
    },
    usersWithPendingPermissions: () =>
      [...new Set([...acl.values()].flat())].filter((b) => !users.includes(b)),
    authorizedUserRepositories: ({ username }: { username: string }) =>
      page([...acl].filter(([, bindIDs]) => bindIDs.includes(username)).map(([id]) => repositoryById(id))),
    createSearchContext: (args: {
      searchContext: { name: string; description: string; public: boolean; namespace: string | null };
      repositories: Array<{ repositoryID: string; revisions: string[] }>;
    }) => {
      const context = {
        ...args.searchContext,
        id: encodeNodeId("SearchContext", args.searchContext.name),
        spec: args.searchContext.name,
        namespace: null,
        autoDefined: false,
        query: "",
        updatedAt: "2024-05-01T12:00:00Z",
        viewerCanManage: true,
        repositories: args.repositories.map(({ repositoryID, revisions }) => ({
          repository: repositoryById(repositoryID),
          revisions,
        })),
      };
      contexts.push(context);
      return context;
    },
    searchContexts: ({ namespaces }: { namespaces: Array<string | null> }) =>
      page(contexts.filter((c) => namespaces.length === 0 || namespaces.includes(c.namespace as null))),
  };
  return { rootValue, acl };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

describe("README", () => {
  const token = createCanaryToken();
  const schema = loadSchema();
  const instance = createInstance();
  const authorizations: Array<string | undefined> = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      authorizations.push(request.headers.authorization);
      if (request.method !== "POST" || request.url !== "/.api/graphql") {
        response.writeHead(404).end();
        return;
      }
      if (request.headers.authorization !== `token ${token}`) {
        response.writeHead(401, { "Content-Type": "text/plain" }).end("Invalid access token.");
        return;
      }
      const { query, variables, operationName } = JSON.parse(await readBody(request));
      const result = await graphql({
        schema,
        source: query,
        variableValues: variables,
        operationName,
        rootValue: instance.rootValue,
      });
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(result));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("runs the quick start as written against a local GraphQL server", async () => {
    vi.stubEnv("SRC_ENDPOINT", endpoint);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    try {
      const logged = await run("quick-start", example("## Quick start"));
      expect(logged).toEqual([
        "signed in as alice",
        "github.com/acme/api: UmVwb3NpdG9yeToxMjM=",
        "github.com/acme/gone: null",
        "pending: carol",
        "alice can read github.com/acme/api",
        "created acme-api",
        "global context: acme-api (1 repository)",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(instance.acl.get("UmVwb3NpdG9yeToxMjM=")).toEqual(["alice", "carol"]);
    expect(authorizations.every((value) => value === `token ${token}`)).toBe(true);
  });

  it("runs the batched lookups example as written", async () => {
    vi.stubEnv("SRC_ENDPOINT", endpoint);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    try {
      const logged = await run("batched-lookups", example("## Batched lookups"));
      expect(logged).toEqual([
        "alice@example.com: users/1",
        "Alice@example.com: no user",
        `bob is ${encodeNodeId("User", 2)}, carol is null`,
        `${encodeNodeId("User", 1)}: alice <alice@example.com>`,
        "repositories/123: github.com/acme/api",
        "repositories/124: github.com/acme/web",
        JSON.stringify(["github.com/acme/api", "github.com/acme/web", null]),
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("runs the node ID example as written", async () => {
    const logged = await run("node-ids", example("## Node IDs"));
    expect(logged).toEqual([
      "UmVwb3NpdG9yeToxMjM=",
      "VXNlcjo0NTY=",
      JSON.stringify({ kind: "SearchContext", key: "@alice/notes" }),
    ]);
  });
});
