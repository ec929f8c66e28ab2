import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { type Emulator, type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import { encodeNodeId } from "@sgkit/graphql";
import { afterEach, describe, expect, it } from "vitest";
import { LEGACY_MUTATION, type RunningBridge, startBridgeCli } from "./support/bridge-cli.js";
import {
  MIGRATION_ADMIN,
  migrationAdminToken,
  migrationEnv,
  migrationGraphqlToken,
} from "./support/migration-admin.js";
import {
  expectNoWriteTwice,
  gridInstance,
  smallSeed,
  useMigratorFixture,
} from "./support/migrator-fixture.js";
import { startOutageProxy } from "./support/outage-proxy.js";

// `sgkit-migrate bridge` end to end: a legacy client (a plain fetch of the mutation, as a script in any language
// sends it) pointed at the bridge, the bridge in front of an emulator. Where the legacy API's own answer is the
// reference, a second emulator with the same seed receives the same requests directly: the bridge's instance must
// end in the state the legacy API gave the reference, and the bridge must answer in the reference's words.

const start = useMigratorFixture();
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.allSettled(stops.splice(0).map((stop) => stop()));
});

/** Starts the bridge (see {@link startBridgeCli}), stopped after the test. */
async function startBridge(
  env: Record<string, string | undefined>,
  args: readonly string[],
  internal?: Parameters<typeof startBridgeCli>[2],
): Promise<RunningBridge> {
  const bridge = await startBridgeCli(env, args, internal);
  stops.push(() => bridge.stop());
  return bridge;
}

/** The legacy mutation as a script sends it: a plain POST, the token in `Authorization: token …`. */
async function legacyCall(
  base: string,
  token: string | undefined,
  body: unknown,
  path = "/.api/graphql",
): Promise<{ status: number; text: string; json: unknown }> {
  const answer = await fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `token ${token}` }),
    },
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: answer.status, text, json };
}

const repo = (id: number) => encodeNodeId("Repository", id);
const permissions = (...bindIds: string[]) => bindIds.map((bindID) => ({ bindID }));

/** The explicit ACL of a repository of `emulator`, as usernames, sorted. */
function aclOf(emulator: Emulator, repositoryId: number): string[] {
  return emulator.state.permissions
    .usersOf(repositoryId)
    .ids.map((id) => emulator.state.users.byId(id)?.username ?? `#${id}`)
    .sort();
}

/** Starts a second emulator with `seed`: the legacy API's reference. */
async function startReference(seed: EmulatorSeed): Promise<Emulator> {
  const reference = await startEmulator({ seed });
  stops.push(() => reference.stop());
  return reference;
}

async function health(bridge: RunningBridge): Promise<Record<string, unknown>> {
  const answer = await fetch(`${bridge.url}/healthz`);
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The structured lines the bridge logged on stderr. */
function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("sgkit-migrate bridge", () => {
  it("turns legacy calls (inline, variables, aliases) into the minimal writes, with the legacy API's result and answers, and keeps every token out of its output and files", async () => {
    const bridgeToken = createCanaryToken();
    const bridgeGraphqlToken = createCanaryToken();
    const callerToken = createCanaryToken();
    // An old-style bare 40-hex token that is not registered for redaction: a leak of it would not be masked.
    const bareCallerToken = randomBytes(20).toString("hex");
    const seed = smallSeed({
      tokens: [
        migrationAdminToken(bridgeToken),
        migrationGraphqlToken(bridgeGraphqlToken),
        { name: "caller", user: MIGRATION_ADMIN.username, scopes: ["user:all"], value: callerToken },
        { name: "bareCaller", user: MIGRATION_ADMIN.username, scopes: ["user:all"], value: bareCallerToken },
      ],
    });
    const fixture = await start({ seed });
    const reference = await startReference(seed);
    const before = new Map([1, 2, 3, 4, 5].map((id) => [id, aclOf(fixture.emulator, id)]));
    const journal = join(fixture.dir, "bridge.journal");
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", journal],
    );
    expect(await health(bridge)).toMatchObject({ status: "ok", calls: 0 });

    const requests: { body: unknown; path?: string }[] = [
      // Inline arguments, a blank bindID (dropped, as a client should), on a repository with alice and bob.
      {
        body: {
          query: `mutation { setRepositoryPermissionsForUsers(repository: "${repo(1)}", userPermissions: [{bindID: "bob"}, {bindID: "carol"}, {bindID: ""}, {bindID: "erin", permission: READ}]) { alwaysNil } }`,
        },
      },
      // Variables, and the query string Sourcegraph's clients add.
      {
        body: {
          query: LEGACY_MUTATION,
          variables: { repository: repo(2), userPermissions: permissions("alice", "dave") },
        },
        path: "/.api/graphql?SetPerms",
      },
      // Two aliased fields in one document: one empties an ACL, one names a user who does not exist yet.
      {
        body: {
          query: `mutation Two($a: ID!, $b: ID!) {
            emptied: setRepositoryPermissionsForUsers(repository: $a, userPermissions: []) { alwaysNil }
            later: setRepositoryPermissionsForUsers(repository: $b, userPermissions: [{bindID: "alice"}, {bindID: "newbie"}]) { alwaysNil }
          }`,
          variables: { a: repo(3), b: repo(4) },
          operationName: "Two",
        },
      },
    ];
    for (const [index, { body, path }] of requests.entries()) {
      const viaBridge = await legacyCall(bridge.url, index === 1 ? bareCallerToken : callerToken, body, path);
      const direct = await legacyCall(reference.url, reference.token("caller"), body, path);
      expect(viaBridge.status).toBe(200);
      expect(viaBridge.json).toEqual(direct.json);
      expect(JSON.stringify(viaBridge.json)).not.toContain("errors");
    }
    for (const id of [1, 2, 3, 4, 5])
      expect(aclOf(fixture.emulator, id), `repository ${id}`).toEqual(aclOf(reference, id));

    // Writes: exactly the symmetric difference of each ACL before and after, and nothing through GraphQL.
    let creates = 0;
    let deletes = 0;
    for (const [id, acl] of before) {
      const after = aclOf(reference, id);
      creates += after.filter((user) => !acl.includes(user)).length;
      deletes += acl.filter((user) => !after.includes(user)).length;
    }
    expect(creates + deletes).toBeGreaterThan(0);
    expect(fixture.writes()).toEqual({ create: creates, delete: deletes });

    // newbie is pending on repository 4, as the legacy API keeps it; once the user exists, a later call naming it
    // grants it there too.
    expect((await health(bridge)).pending).toEqual([{ repository: repo(4), bindIDs: ["newbie"] }]);
    const newbie = {
      id: 40,
      username: "newbie",
      email: "newbie@example.com",
      siteAdmin: false,
      rbac: new Set<string>(),
    };
    fixture.emulator.state.users.add(newbie);
    reference.state.users.add({ ...newbie, rbac: new Set() });
    const last = {
      query: LEGACY_MUTATION,
      variables: { repository: repo(5), userPermissions: permissions("newbie") },
    };
    expect((await legacyCall(bridge.url, callerToken, last)).json).toEqual(
      (await legacyCall(reference.url, reference.token("caller"), last)).json,
    );
    await until(async () => ((await health(bridge)).pending as unknown[]).length === 0, "the pending grant");
    for (const id of [1, 2, 3, 4, 5])
      expect(aclOf(fixture.emulator, id), `repository ${id}`).toEqual(aclOf(reference, id));

    const stopped = await bridge.stop();
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toContain("Bridge stopped after");
    const lines = logLines(stopped.stderr).filter((line) => line.event === "call");
    expect(lines.map((line) => line.outcome)).toEqual([
      "converged",
      "converged",
      "converged",
      "converged",
      "converged",
    ]);
    expect(lines[0]).toMatchObject({ repository: repo(1), creates: 2, deletes: 1 });
    const journalText = await readFile(journal, "utf8");
    const pendingText = await readFile(`${journal}.pending.ndjson`, "utf8");
    expect(pendingText).toContain('"newbie"');
    for (const token of [bridgeToken, bridgeGraphqlToken, callerToken, bareCallerToken]) {
      expect(findSecret(token, stopped.stdout, stopped.stderr, journalText, pendingText)).toBeUndefined();
    }
  });

  it("applies the calls for one repository one at a time in arrival order (the last one wins), and finishes them when stopped", async () => {
    const fixture = await start();
    const proxy = await startOutageProxy(fixture.emulator);
    stops.push(() => proxy.close());
    // Slow Lists, so that the calls queue up behind each other.
    proxy.onCall = (method) =>
      method === "ListExplicitRepoPermissions"
        ? new Promise((resolve) => setTimeout(resolve, 20))
        : undefined;
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator, proxy.url), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", join(fixture.dir, "order.journal")],
    );
    const acls = [
      ["alice"],
      ["bob", "carol"],
      ["alice", "dave", "erin"],
      ["carol"],
      ["bob", "dave"],
      ["alice", "bob", "carol", "dave"],
    ];
    const caller = fixture.emulator.token("adminGraphql");
    const answers: Promise<{ json: unknown }>[] = [];
    for (const [index, acl] of acls.entries()) {
      answers.push(
        legacyCall(bridge.url, caller, {
          query: LEGACY_MUTATION,
          variables: { repository: repo(1), userPermissions: permissions(...acl) },
        }),
      );
      // The next call is sent once this one has arrived: the order of arrival is the order of the list.
      await until(async () => (await health(bridge)).calls === index + 1, `call ${index + 1}`);
    }
    // Stopped with calls still queued: they finish before the bridge exits.
    const stopped = bridge.stop();
    for (const answer of await Promise.all(answers)) {
      expect(answer.json).toEqual({ data: { setRepositoryPermissionsForUsers: { alwaysNil: null } } });
    }
    const { status, stderr } = await stopped;
    expect(status).toBe(0);
    expect(fixture.acl(1)).toEqual(acls.at(-1));
    // One call after the other: each one's writes are the difference from the one before.
    let previous = ["alice", "bob"];
    let expected = 0;
    const perCall: number[] = [];
    for (const acl of acls) {
      const changes =
        acl.filter((user) => !previous.includes(user)).length +
        previous.filter((user) => !acl.includes(user)).length;
      perCall.push(changes);
      expected += changes;
      previous = acl;
    }
    const { create, delete: removed } = fixture.writes();
    expect(create + removed).toBe(expected);
    const calls = logLines(stderr).filter((line) => line.event === "call");
    expect(calls.map((line) => line.call)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calls.map((line) => (line.creates as number) + (line.deletes as number))).toEqual(perCall);
  });

  it("answers an error, never claiming the state, when someone else changes the ACL while a call is applied (apply's drift rule)", async () => {
    const fixture = await start();
    const proxy = await startOutageProxy(fixture.emulator);
    stops.push(() => proxy.close());
    // Another writer grants dave on repository 1 while the bridge's creates are under way.
    proxy.onCall = (method) => {
      if (method === "CreateExplicitRepoPermission") fixture.emulator.state.permissions.add(1, 13);
    };
    const journal = join(fixture.dir, "conflict.journal");
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator, proxy.url), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", journal],
    );
    const answer = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), {
      query: LEGACY_MUTATION,
      variables: { repository: repo(1), userPermissions: permissions("alice", "erin") },
    });
    expect(answer.json).toMatchObject({
      data: null,
      errors: [{ path: ["setRepositoryPermissionsForUsers"] }],
    });
    const message = (answer.json as { errors: { message: string }[] }).errors[0]?.message;
    expect(message).toContain("someone else changed its ACL while this call was applied (+ users/13)");
    expect(message).toContain("send the call again");
    // The bridge's own writes were made (erin in, bob out); dave's grant is left as the other writer made it.
    expect(fixture.acl(1)).toEqual(["alice", "dave", "erin"]);
    // Sent again, the call converges: the last call wins, as with the legacy API.
    proxy.onCall = undefined;
    const again = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), {
      query: LEGACY_MUTATION,
      variables: { repository: repo(1), userPermissions: permissions("alice", "erin") },
    });
    expect(again.json).toEqual({ data: { setRepositoryPermissionsForUsers: { alwaysNil: null } } });
    expect(fixture.acl(1)).toEqual(["alice", "erin"]);
    const { stderr } = await bridge.stop();
    const outcomes = logLines(stderr)
      .filter((line) => line.event === "call")
      .map((line) => line.outcome);
    expect(outcomes).toEqual(["conflict", "converged"]);
    expect(await readFile(journal, "utf8")).toContain('"outcome":"conflict"');
  });

  it("refuses a caller who is not a site admin, or whose token the instance refuses, in the instance's words, writing nothing", async () => {
    const fixture = await start();
    const reference = await startReference(smallSeed());
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", join(fixture.dir, "refused.journal")],
    );
    const body = {
      query: LEGACY_MUTATION,
      variables: { repository: repo(1), userPermissions: permissions("erin") },
    };
    const notAdmin = await legacyCall(bridge.url, fixture.emulator.token("aliceAll"), body);
    expect(notAdmin.status).toBe(200);
    expect(notAdmin.json).toEqual({
      errors: [{ message: "must be site admin", path: ["setRepositoryPermissionsForUsers"] }],
      data: null,
    });
    // The reference gives the same answer, with the location graphql-go adds.
    const direct = await legacyCall(reference.url, reference.token("aliceAll"), body);
    expect((direct.json as { errors: { message: string }[] }).errors[0]?.message).toBe("must be site admin");
    const badToken = await legacyCall(
      bridge.url,
      "sgp_0123456789abcdef_0000000000000000000000000000000000000000",
      body,
    );
    const directBad = await legacyCall(
      reference.url,
      "sgp_0123456789abcdef_0000000000000000000000000000000000000000",
      body,
    );
    expect({ status: badToken.status, text: badToken.text }).toEqual({
      status: directBad.status,
      text: directBad.text,
    });
    expect(badToken.status).toBe(401);
    const anonymous = await legacyCall(bridge.url, undefined, body);
    expect((anonymous.json as { errors: { message: string }[] }).errors[0]?.message).toBe(
      "not authenticated",
    );
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(fixture.acl(1)).toEqual(["alice", "bob"]);
    expect((await health(bridge)).refused).toBe(3);
  });

  it("answers a call for a repository the instance does not have, or a bad ID, as the instance does, writing nothing", async () => {
    const fixture = await start();
    const reference = await startReference(smallSeed());
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", join(fixture.dir, "missing.journal")],
    );
    for (const repository of [
      repo(99),
      encodeNodeId("User", 10),
      "not an ID",
      encodeNodeId("Repository", "x"),
    ]) {
      const body = {
        query: LEGACY_MUTATION,
        variables: { repository, userPermissions: permissions("alice") },
      };
      const viaBridge = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), body);
      const direct = await legacyCall(reference.url, reference.token("adminGraphql"), body);
      expect(viaBridge.status).toBe(200);
      const errors = (answer: { json: unknown }) =>
        (answer.json as { errors: { message: string; path: string[] }[] }).errors.map(
          ({ message, path }) => ({
            message,
            path,
          }),
        );
      expect(errors(viaBridge)).toEqual(errors(direct));
      expect(viaBridge.json).toMatchObject({ data: null });
    }
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
  });

  it("answers an error naming the bridge's own token when the instance refuses its writes", async () => {
    const fixture = await start();
    const bridge = await startBridge(
      {
        ...migrationEnv(fixture.emulator),
        // Read scope only: the preflight's read passes, the first write is refused.
        SRC_ACCESS_TOKEN: fixture.emulator.token("readOnly"),
        XDG_STATE_HOME: fixture.stateDir,
      },
      ["--journal", join(fixture.dir, "read-only.journal")],
    );
    const answer = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), {
      query: LEGACY_MUTATION,
      variables: { repository: repo(1), userPermissions: permissions("alice", "bob", "erin") },
    });
    expect(answer.json).toMatchObject({
      data: null,
      errors: [{ path: ["setRepositoryPermissionsForUsers"] }],
    });
    expect(JSON.stringify(answer.json)).toContain("the instance refused the sgkit bridge's own token");
    expect(fixture.acl(1)).toEqual(["alice", "bob"]);
    expect(await bridge.stop()).toMatchObject({ status: 0 });
  });

  it("forwards queries and the mutations the HTTP API lacks to the instance with the caller's credentials, and refuses a document that mixes them with the permission mutation", async () => {
    const fixture = await start();
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", join(fixture.dir, "forward.journal")],
    );
    const query = { query: "query Me { currentUser { username siteAdmin } }" };
    const asAlice = await legacyCall(bridge.url, fixture.emulator.token("aliceAll"), query);
    expect(asAlice.json).toEqual({ data: { currentUser: { username: "alice", siteAdmin: false } } });
    expect(asAlice.json).toEqual(
      (await legacyCall(fixture.emulator.url, fixture.emulator.token("aliceAll"), query)).json,
    );

    const unrestricted = {
      query: `mutation { setRepositoryPermissionsUnrestricted(repositories: ["${repo(2)}"], unrestricted: true) { alwaysNil } }`,
    };
    const made = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), unrestricted);
    expect(made.json).toEqual({ data: { setRepositoryPermissionsUnrestricted: { alwaysNil: null } } });
    expect(fixture.emulator.state.repositories.byId(2)?.unrestricted).toBe(true);
    // Forwarded with the caller's credentials: alice's is refused by the instance itself.
    const refused = await legacyCall(bridge.url, fixture.emulator.token("aliceAll"), unrestricted);
    expect((refused.json as { errors: { message: string }[] }).errors[0]?.message).toBe("must be site admin");

    const mixed = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), {
      query: `mutation { a: setRepositoryPermissionsForUsers(repository: "${repo(1)}", userPermissions: []) { alwaysNil } b: setRepositoryPermissionsUnrestricted(repositories: ["${repo(1)}"], unrestricted: true) { alwaysNil } }`,
    });
    expect(mixed.json).toMatchObject({ data: null, errors: [{ path: ["b"] }] });
    expect(JSON.stringify(mixed.json)).toContain("in a request of its own");
    expect(fixture.acl(1)).toEqual(["alice", "bob"]);
    expect(fixture.emulator.state.repositories.byId(1)?.unrestricted).not.toBe(true);
  });

  it("sends an auth proxy's headers (SRC_HEADERS, SRC_HEADER_*) with its caller checks and forwarded requests", async () => {
    const fixture = await start();
    // A stand-in for an auth proxy: it records the header each request carries, and passes it to the emulator.
    const seen: { path: string; team: string | undefined; authorization: string | undefined }[] = [];
    const server = createServer(async (request, response) => {
      seen.push({
        path: request.url ?? "",
        team: request.headers["x-team"] as string | undefined,
        authorization: request.headers.authorization,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && !["host", "connection", "content-length"].includes(name))
          headers.set(name, value);
      }
      const answer = await fixture.emulator.fetch(request.url ?? "/", {
        method: request.method ?? "GET",
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      response.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "text/plain",
      });
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bridge = await startBridge(
      {
        ...migrationEnv(fixture.emulator, endpoint),
        SRC_HEADERS: "X-Team: platform",
        XDG_STATE_HOME: fixture.stateDir,
      },
      ["--journal", join(fixture.dir, "headers.journal")],
    );
    const caller = fixture.emulator.token("aliceAll");
    await legacyCall(bridge.url, caller, { query: "query Me { currentUser { username } }" });
    await legacyCall(bridge.url, caller, {
      query: LEGACY_MUTATION,
      variables: { repository: repo(1), userPermissions: permissions("erin") },
    });
    const check = seen.find((request) => request.path.includes("SgkitBridgeCaller"));
    const forwarded = seen.find(
      (request) => request.path === "/.api/graphql" && request.authorization === `token ${caller}`,
    );
    expect(check).toMatchObject({ team: "platform", authorization: `token ${caller}` });
    expect(forwarded).toMatchObject({ team: "platform" });
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
  });

  it("rides through 20% faults and a short outage of the instance, every write made once", async () => {
    const instance = gridInstance({
      users: 20,
      repositories: 12,
      prefix: "github.com/acme/grid",
      current: (u, r) => (u + r) % 4 === 0,
      desired: (u, r) => (u + r) % 3 === 0,
    });
    const fault = { rate: 0.2, kinds: { unavailable: 1, reset: 1, lostAnswer: 2 } };
    const fixture = await start({
      seed: {
        ...instance.seed,
        tokens: [...(instance.seed.tokens ?? []), { name: "caller", user: "admin", scopes: ["user:all"] }],
      },
      faults: {
        seed: 11,
        perMethod: {
          CreateExplicitRepoPermission: fault,
          DeleteExplicitRepoPermission: fault,
          ListExplicitRepoPermissions: {
            rate: 0.2,
            kinds: { unavailable: 1, rateLimited: 1 },
            retryAfterSeconds: 0,
          },
        },
      },
    });
    const proxy = await startOutageProxy(fixture.emulator);
    stops.push(() => proxy.close());
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator, proxy.url), XDG_STATE_HOME: fixture.stateDir },
      ["--journal", join(fixture.dir, "faults.journal")],
      { resilience: { baseDelayMs: 5, maxDelayMs: 100 } },
    );
    const caller = fixture.emulator.token("caller");
    const calls = [...instance.desired].map(([id, users]) =>
      legacyCall(bridge.url, caller, {
        query: LEGACY_MUTATION,
        variables: { repository: repo(id), userPermissions: permissions(...users) },
      }),
    );
    // The instance goes away for a moment at its sixth Create, which loses its answer (the bridge itself stays up).
    let creates = 0;
    let outage: Promise<void> | undefined;
    proxy.onCall = (method) => {
      if (method !== "CreateExplicitRepoPermission" || ++creates !== 6) return;
      outage = (async () => {
        await proxy.down();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await proxy.up();
      })();
    };
    const answers = await Promise.all(calls);
    expect(outage).toBeDefined();
    await outage;
    for (const answer of answers) {
      expect(answer.json).toEqual({ data: { setRepositoryPermissionsForUsers: { alwaysNil: null } } });
    }
    for (const [id, users] of instance.desired) expect(fixture.acl(id), `repository ${id}`).toEqual(users);
    expect(fixture.emulator.faults?.log.length).toBeGreaterThan(0);
    expectNoWriteTwice(fixture);
    const { status, stderr } = await bridge.stop();
    expect(status).toBe(0);
    // The outage was seen, and waited out.
    expect(stderr).toMatch(/connection refused|connection reset|closed without an answer/);
  });

  it("keeps pending grants across a restart, for users that still do not exist", async () => {
    const fixture = await start();
    const pendingFile = join(fixture.dir, "pending.ndjson");
    const env = { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir };
    const caller = fixture.emulator.token("adminGraphql");
    const first = await startBridge(env, [
      "--journal",
      join(fixture.dir, "1.journal"),
      "--pending-out",
      pendingFile,
    ]);
    await legacyCall(first.url, caller, {
      query: LEGACY_MUTATION,
      variables: { repository: repo(4), userPermissions: permissions("alice", "ghost") },
    });
    expect((await first.stop()).stdout).toContain("ghost");
    const second = await startBridge(env, [
      "--journal",
      join(fixture.dir, "2.journal"),
      "--pending-out",
      pendingFile,
    ]);
    expect((await health(second)).pending).toEqual([{ repository: repo(4), bindIDs: ["ghost"] }]);
    fixture.emulator.state.users.add({
      id: 41,
      username: "ghost",
      email: undefined,
      siteAdmin: false,
      rbac: new Set(),
    });
    await legacyCall(second.url, caller, {
      query: LEGACY_MUTATION,
      variables: { repository: repo(5), userPermissions: permissions("Ghost") },
    });
    await until(async () => ((await health(second)).pending as unknown[]).length === 0, "the pending grant");
    expect(fixture.acl(4)).toEqual(["alice", "ghost"]);
    expect(fixture.acl(5)).toEqual(["ghost"]);
  });

  it("the built CLI stops on SIGTERM: no new call, the call in flight finished and answered, the report printed, exit 0", async () => {
    const fixture = await start();
    const proxy = await startOutageProxy(fixture.emulator);
    stops.push(() => proxy.close());
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const child = spawn(
      process.execPath,
      [cli, "bridge", "--listen", "127.0.0.1:0", "--journal", join(fixture.dir, "term.journal")],
      { env: { PATH: process.env.PATH ?? "", ...migrationEnv(fixture.emulator, proxy.url) } },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        const first = /^(http:\/\/\S+)\n/.exec(stdout);
        if (first) resolve(first[1] as string);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    // The call's first write is held until the SIGTERM has been sent.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let writing: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      writing = resolve;
    });
    proxy.onCall = (method) => {
      if (method !== "CreateExplicitRepoPermission") return;
      writing();
      return held;
    };
    const answer = legacyCall(url, fixture.emulator.token("adminGraphql"), {
      query: LEGACY_MUTATION,
      variables: { repository: repo(2), userPermissions: permissions("carol", "dave") },
    });
    await reached;
    child.kill("SIGTERM");
    // Stopping: it no longer accepts connections; the call in flight goes on.
    await until(
      () =>
        fetch(`${url}/healthz`).then(
          () => false,
          () => true,
        ),
      "the stop",
    );
    release();
    expect((await answer).json).toEqual({ data: { setRepositoryPermissionsForUsers: { alwaysNil: null } } });
    expect(await exited).toBe(0);
    expect(fixture.acl(2)).toEqual(["carol", "dave"]);
    expect(stdout).toMatch(/Bridge stopped after .*: 1 permission call \(1 converged/);
    expect(stderr).toContain("SIGTERM");
  });

  it("--dry-run answers success and logs what it would write, writing nothing", async () => {
    const fixture = await start();
    const journal = join(fixture.dir, "dry.journal");
    const bridge = await startBridge(
      { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir },
      ["--dry-run", "--journal", journal],
    );
    const answer = await legacyCall(bridge.url, fixture.emulator.token("adminGraphql"), {
      query: LEGACY_MUTATION,
      variables: { repository: repo(1), userPermissions: permissions("carol", "nobody") },
    });
    expect(answer.json).toEqual({ data: { setRepositoryPermissionsForUsers: { alwaysNil: null } } });
    const { status, stdout, stderr } = await bridge.stop();
    expect(status).toBe(0);
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(fixture.acl(1)).toEqual(["alice", "bob"]);
    expect(logLines(stderr).find((line) => line.event === "call")).toMatchObject({
      outcome: "dry-run",
      creates: 1,
      deletes: 2,
      pending: 1,
      wouldCreate: ["users/12"],
      wouldDelete: ["users/10", "users/11"],
    });
    expect(stdout).toContain("dry run: nothing was written");
    await expect(access(journal)).rejects.toThrow();
    await expect(access(`${journal}.pending.ndjson`)).rejects.toThrow();
  });
});
