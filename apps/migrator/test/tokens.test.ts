import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import type { Emulator } from "@sgkit/emulator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startHoldingProxy } from "./support/holding-proxy.js";
import {
  type MigratorFixture,
  smallSeedWithAdminTokens,
  useMigratorFixture,
} from "./support/migrator-fixture.js";

// Issue 14 §1: the migrator uses GraphQL (names, users), which needs a user:all token, and the /api/ HTTP API
// (ACLs), which takes the scoped externalapi:read/write tokens. Both set-ups work, a scoped token alone is refused
// before anything is read or written, with a message naming what is missing, and no token is ever printed.

const start = useMigratorFixture();

afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * Sourcegraph's rule on GraphQL, applied in front of the emulator for as long as the emulator may not apply it
 * itself (it is being taught to): a `token <t>` whose token lacks the `user:all` scope gets 401
 * `Invalid access token.`, the answer of the real server (`requiredScope = authz.ScopeUserAll`). Requests that
 * pass, and every other request, go to the emulator unchanged. Once the emulator enforces the rule this changes
 * nothing.
 */
function refuseGraphQLWithoutUserAll(emulator: Emulator): { refused: () => number } {
  const original = globalThis.fetch;
  let refused = 0;
  vi.stubGlobal("fetch", (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    const value = /^token (\S+)$/.exec(headers.get("authorization") ?? "")?.[1];
    const token = value === undefined ? undefined : emulator.state.tokens.byValue(value);
    if (url.includes("/.api/graphql") && token !== undefined && !token.scopes.has("user:all")) {
      refused += 1;
      return Promise.resolve(
        new Response("Invalid access token.\n", { status: 401, headers: { "content-type": "text/plain" } }),
      );
    }
    return original(input, init);
  });
  return { refused: () => refused };
}

const ACLS = [
  { repository: "github.com/acme/r1", users: ["alice", "erin"] },
  { repository: "github.com/acme/r2", users: [] },
  { repository: "github.com/acme/r4", users: ["bob"] },
]
  .map((record) => JSON.stringify(record))
  .join("\n");

/** The inputs delete 2 of 3 grants and empty r2: the guardrails let them. */
const GUARDRAILS = ["--max-deletes", "100%", "--allow-empty"];

/** A fixture whose admin tokens are canaries: `admin` (scoped, for /api/) and `adminGraphql` (user:all). */
async function canaryFixture(): Promise<{ fixture: MigratorFixture; scoped: string; userAll: string }> {
  const scoped = createCanaryToken();
  const userAll = createCanaryToken();
  const fixture = await start({ seed: smallSeedWithAdminTokens(scoped, userAll) });
  return { fixture, scoped, userAll };
}

/** `--journal` in the scratch directory: apply of inputs otherwise writes its journal in the current one. */
function journalIn(fixture: MigratorFixture): string[] {
  return ["--journal", join(fixture.dir, "run.journal")];
}

/** The token files the tests write: the only files that may hold a token. */
const TOKEN_FILES = new Set(["api-token", "graphql-token"]);

/** Everything the runs printed and every file they left in the scratch directory, but the token files. */
async function everything(fixture: MigratorFixture, outputs: { stdout: string; stderr: string }[]) {
  const files = (await readdir(fixture.dir)).filter((name) => !TOKEN_FILES.has(name));
  const contents = await Promise.all(files.map((name) => readFile(join(fixture.dir, name), "utf8")));
  return [...contents, ...outputs.flatMap((output) => [output.stdout, output.stderr])];
}

describe("tokens", () => {
  it("two tokens: the scoped one on /api/, the user:all one on GraphQL; nothing audit-logged, neither token printed", async () => {
    const { fixture, scoped, userAll } = await canaryFixture();
    const guard = refuseGraphQLWithoutUserAll(fixture.emulator);
    const input = await fixture.file("acl.ndjson", ACLS);
    const plan = join(fixture.dir, "plan.json");
    const env = {
      SRC_ENDPOINT: fixture.emulator.url,
      SRC_ACCESS_TOKEN: scoped,
      SRC_GRAPHQL_ACCESS_TOKEN: userAll,
    };

    const planned = await fixture.run(["plan", input, "--out", plan], { env });
    expect(planned.status, planned.stderr).toBe(2);
    const applied = await fixture.run(["apply", plan, ...GUARDRAILS], { env });
    expect(applied.status, applied.stderr).toBe(0);
    const verified = await fixture.run(["verify", input], { env });
    expect(verified.status, verified.stderr).toBe(0);
    expect(fixture.acl(1)).toEqual(["alice", "erin"]);
    expect(fixture.acl(2)).toEqual([]);
    expect(fixture.acl(4)).toEqual(["bob"]);

    expect(guard.refused()).toBe(0);
    // The scoped token did every /api/ call: the user:all one never reached it, so nothing was audit-logged.
    expect(fixture.emulator.state.audit.entries).toEqual([]);
    const texts = await everything(fixture, [planned, applied, verified]);
    expect(findSecret(scoped, ...texts)).toBeUndefined();
    expect(findSecret(userAll, ...texts)).toBeUndefined();
  });

  it("the same with the tokens in files (--token-file, --graphql-token-file)", async () => {
    const { fixture, scoped, userAll } = await canaryFixture();
    refuseGraphQLWithoutUserAll(fixture.emulator);
    const input = await fixture.file("acl.ndjson", ACLS);
    const apiFile = await fixture.file("api-token", `${scoped}\n`);
    const graphqlFile = await fixture.file("graphql-token", `${userAll}\n`);
    const run = await fixture.run(
      [
        "apply",
        input,
        "--yes",
        ...GUARDRAILS,
        ...journalIn(fixture),
        ...["--token-file", apiFile],
        ...["--graphql-token-file", graphqlFile],
      ],
      { env: { SRC_ENDPOINT: fixture.emulator.url } },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(fixture.acl(1)).toEqual(["alice", "erin"]);
    expect(fixture.emulator.state.audit.entries).toEqual([]);
    expect(findSecret(scoped, run.stdout, run.stderr)).toBeUndefined();
    expect(findSecret(userAll, run.stdout, run.stderr)).toBeUndefined();
  });

  it("stopped midway, apply prints the --resume command with both token files (never the tokens), and it resumes", async () => {
    const { fixture, scoped, userAll } = await canaryFixture();
    const proxy = await startHoldingProxy(fixture.emulator);
    try {
      const input = await fixture.file("acl.ndjson", ACLS);
      const apiFile = await fixture.file("api-token", `${scoped}\n`);
      const graphqlFile = await fixture.file("graphql-token", `${userAll}\n`);
      const plan = join(fixture.dir, "plan.json");
      const env = { SRC_ENDPOINT: proxy.url };
      const files = ["--token-file", apiFile, "--graphql-token-file", graphqlFile];
      const planned = await fixture.run(["plan", input, "--out", plan, ...files], { env });
      expect(planned.status, planned.stderr).toBe(2);

      const stop = new AbortController();
      proxy.hold();
      const running = fixture.run(["apply", plan, ...GUARDRAILS, "--concurrency", "1", ...files], {
        env,
        stop: stop.signal,
      });
      await proxy.writesArrived(1);
      stop.abort(new DOMException("Interrupted", "AbortError"));
      proxy.release();
      const stopped = await running;
      expect(stopped.status).toBe(130);
      const again = `sgkit-migrate apply ${plan} --resume ${GUARDRAILS.join(" ")} --token-file ${apiFile} --graphql-token-file ${graphqlFile} --concurrency 1`;
      expect(stopped.stderr).toContain(`Continue with: ${again}`);

      const resumed = await fixture.run(again.split(" ").slice(1), { env });
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(fixture.acl(1)).toEqual(["alice", "erin"]);
      expect(fixture.acl(4)).toEqual(["bob"]);
      expect(fixture.emulator.state.audit.entries).toEqual([]);
      const texts = await everything(fixture, [planned, stopped, resumed]);
      expect(texts.some((text) => text.includes("plan.json"))).toBe(true);
      expect(findSecret(scoped, ...texts)).toBeUndefined();
      expect(findSecret(userAll, ...texts)).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it("one user:all token for both: works, and each /api/ call is audit-logged", async () => {
    const { fixture, scoped, userAll } = await canaryFixture();
    const guard = refuseGraphQLWithoutUserAll(fixture.emulator);
    const input = await fixture.file("acl.ndjson", ACLS);
    const env = { SRC_ENDPOINT: fixture.emulator.url, SRC_ACCESS_TOKEN: userAll };

    const applied = await fixture.run(["apply", input, "--yes", ...GUARDRAILS, ...journalIn(fixture)], {
      env,
    });
    expect(applied.status, applied.stderr).toBe(0);
    expect(fixture.acl(1)).toEqual(["alice", "erin"]);
    expect(fixture.acl(4)).toEqual(["bob"]);
    expect(guard.refused()).toBe(0);
    const logged = fixture.emulator.state.audit.entries;
    expect(logged.length).toBeGreaterThan(0);
    expect(new Set(logged.map((entry) => entry.token))).toEqual(new Set(["adminGraphql"]));
    expect(logged.map((entry) => entry.method)).toContain("GetExplicitRepoPermission");
    expect(logged.map((entry) => entry.method)).toContain("CreateExplicitRepoPermission");
    const texts = await everything(fixture, [applied]);
    expect(findSecret(userAll, ...texts)).toBeUndefined();
    expect(findSecret(scoped, ...texts)).toBeUndefined();
  });

  it("a scoped token alone: refused before any read of the inputs' repositories and any write, naming user:all and SRC_GRAPHQL_ACCESS_TOKEN", async () => {
    const { fixture, scoped } = await canaryFixture();
    const guard = refuseGraphQLWithoutUserAll(fixture.emulator);
    const input = await fixture.file("acl.ndjson", ACLS);
    const before = fixture.emulator.writes.size;

    const outputs = [];
    for (const argv of [["apply", input, "--yes", ...journalIn(fixture)], ["plan", input], ["export"]]) {
      const run = await fixture.run(argv, {
        env: { SRC_ENDPOINT: fixture.emulator.url, SRC_ACCESS_TOKEN: scoped },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `sgkit-migrate ${argv[0]}: The token (SRC_ACCESS_TOKEN) works on the /api/ HTTP API but was refused by /.api/graphql: GraphQL needs a token with the user:all scope, and a token with only externalapi:read/write is refused there. Either use one user:all token for both APIs (its every use of /api/ is audit-logged), or keep this one for /api/ and set SRC_GRAPHQL_ACCESS_TOKEN (or --graphql-token-file) to a user:all token for GraphQL.\n`,
      );
      outputs.push(run);
    }
    // GraphQL refused it (here or in the emulator itself); the /api/ probe passed; nothing else was called.
    expect(guard.refused() + fixture.emulator.counters.get("graphql")).toBeGreaterThan(0);
    expect(fixture.emulator.counters.get("GetExplicitRepoPermission")).toBe(3);
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(fixture.emulator.writes.size).toBe(before);
    expect(findSecret(scoped, ...(await everything(fixture, outputs)))).toBeUndefined();
  });

  it("two tokens, the GraphQL one scoped too: names SRC_GRAPHQL_ACCESS_TOKEN; no write", async () => {
    const { fixture, scoped } = await canaryFixture();
    refuseGraphQLWithoutUserAll(fixture.emulator);
    const input = await fixture.file("acl.ndjson", ACLS);
    const run = await fixture.run(["apply", input, "--yes", ...journalIn(fixture)], {
      env: { SRC_ENDPOINT: fixture.emulator.url, SRC_ACCESS_TOKEN: scoped, SRC_GRAPHQL_ACCESS_TOKEN: scoped },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "sgkit-migrate apply: The GraphQL token (SRC_GRAPHQL_ACCESS_TOKEN) was refused by /.api/graphql: GraphQL needs a token with the user:all scope; the /api/ token may keep externalapi:read/write only. Check also that it is valid, not expired, and for this instance.\n",
    );
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(findSecret(scoped, run.stdout, run.stderr)).toBeUndefined();
  });

  it("two tokens, the /api/ one without the RBAC permission: names it, and the scopes; no write", async () => {
    const { fixture, userAll } = await canaryFixture();
    refuseGraphQLWithoutUserAll(fixture.emulator);
    const input = await fixture.file("acl.ndjson", ACLS);
    // alice's scoped token: the scopes are right, but alice holds no REPO_PERMISSIONS permission.
    const run = await fixture.run(["apply", input, "--yes", ...journalIn(fixture)], {
      env: {
        SRC_ENDPOINT: fixture.emulator.url,
        SRC_ACCESS_TOKEN: fixture.emulator.token("alice"),
        SRC_GRAPHQL_ACCESS_TOKEN: userAll,
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^sgkit-migrate apply: The \/api\/ token \(SRC_ACCESS_TOKEN\) was refused by the \/api\/ HTTP API \(GetExplicitRepoPermission .*permission_denied/,
    );
    expect(run.stderr).toContain("REPO_PERMISSIONS#READ");
    expect(run.stderr).toContain("externalapi:read");
    expect(run.stderr).toContain("externalapi:write");
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
  });

  it("a bad /api/ token beside a good GraphQL one: names the /api/ token", async () => {
    const { fixture, userAll } = await canaryFixture();
    const input = await fixture.file("acl.ndjson", ACLS);
    const run = await fixture.run(["plan", input], {
      env: {
        SRC_ENDPOINT: fixture.emulator.url,
        SRC_ACCESS_TOKEN: "sgp_0000000000000000_0000000000000000000000000000000000000000",
        SRC_GRAPHQL_ACCESS_TOKEN: userAll,
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "sgkit-migrate plan: The /api/ token (SRC_ACCESS_TOKEN) was refused by the /api/ HTTP API (unauthenticated): check that it is valid, not expired or revoked, and for this instance.\n",
    );
  });

  it("a GraphQL token with no /api/ token is an error before any call", async () => {
    const { fixture, userAll } = await canaryFixture();
    const input = await fixture.file("acl.ndjson", ACLS);
    const run = await fixture.run(["plan", input], {
      env: { SRC_ENDPOINT: fixture.emulator.url, SRC_GRAPHQL_ACCESS_TOKEN: userAll },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "SRC_GRAPHQL_ACCESS_TOKEN gives the GraphQL API's token, but there is none for the /api/ HTTP API",
    );
    expect(fixture.emulator.counters.get("graphql")).toBe(0);
    expect(fixture.emulator.counters.get("GetExplicitRepoPermission")).toBe(0);
  });
});
