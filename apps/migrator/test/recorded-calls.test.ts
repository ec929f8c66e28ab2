import { join } from "node:path";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { encodeNodeId } from "@sgkit/graphql";
import { describe, expect, it } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { type MigratorFixture, useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

// Recorded legacy calls as plan/apply input, end to end: the instance ends as the legacy API would have left it
// had it received the same calls (replayed on a second emulator through its legacy GraphQL endpoint), with
// writes equal to the symmetric difference.

const repo = (id: number): string => encodeNodeId("Repository", id);

const SET =
  "mutation SetPermissions($repo: ID!, $perms: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repo, userPermissions: $perms) { alwaysNil } }";
const set = (id: number, ...users: string[]) => ({
  query: SET,
  variables: { repo: repo(id), perms: users.map((bindID) => ({ bindID })) },
  operationName: "SetPermissions",
});

// The seed: r1 = alice, bob; r2 = carol; r3 = alice, dave; r4, r5 = nobody.
const NDJSON_CALLS = [
  set(1, "alice", "carol"),
  { query: "query WhoAmI { currentUser { username } }", variables: {}, operationName: "WhoAmI" },
  {
    query: `mutation { first: setRepositoryPermissionsForUsers(repository: "${repo(1)}", userPermissions: [{bindID: "bob"}, {bindID: "dave"}]) { alwaysNil } second: setRepositoryPermissionsForUsers(repository: "${repo(2)}", userPermissions: [{bindID: "erin"}, {bindID: "carol", permission: READ}]) { alwaysNil } }`,
  },
  {
    query: `mutation { setRepositoryPermissionsUnrestricted(repositories: ["${repo(4)}"], unrestricted: true) { alwaysNil } }`,
  },
  {
    query: `mutation Last($x: String!) { ...Acl } fragment Acl on Mutation { setRepositoryPermissionsForUsers(repository: "${repo(1)}", userPermissions: [{bindID: $x}, {bindID: "erin"}]) { alwaysNil } }`,
    variables: { x: "carol" },
    operationName: "Last",
  },
];

const ENDPOINT = "https://sourcegraph.example.com/.api/graphql";
const entry = (method: string, url: string, body?: unknown) => ({
  startedDateTime: "2026-12-07T10:00:00.000Z",
  request: {
    method,
    url,
    headers: [{ name: "Authorization", value: "token <recorded>" }],
    ...(body === undefined ? {} : { postData: { mimeType: "application/json", text: JSON.stringify(body) } }),
  },
  response: { status: 200, content: { text: '{"data":{}}' } },
});
// Read after the NDJSON: its r2 call wins over the NDJSON's, and r3 is emptied.
const HAR_ENTRIES = [
  entry("GET", "https://sourcegraph.example.com/search?q=repo:r1"),
  entry("POST", `${ENDPOINT}?SetPermissions`, set(2, "alice")),
  entry("POST", `${ENDPOINT}?batch`, [set(5, "bob", "dave"), set(2, "dave", "alice"), set(3)]),
];
const har = () =>
  JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries: HAR_ENTRIES } });

/** Every call the inputs make, in order, as the legacy client sent them. */
const REQUESTS: unknown[] = [
  ...NDJSON_CALLS,
  set(2, "alice"),
  set(5, "bob", "dave"),
  set(2, "dave", "alice"),
  set(3),
];

/** What the legacy API leaves: the same requests sent to an instance's legacy GraphQL endpoint. */
async function legacyReplay(fixture: MigratorFixture): Promise<Record<number, string[]>> {
  for (const body of REQUESTS) {
    const response = await fetch(`${fixture.emulator.url}/.api/graphql`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `token ${fixture.emulator.token("adminGraphql")}`,
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { errors?: unknown };
    expect(answer.errors).toBeUndefined();
  }
  return acls(fixture);
}

function acls(fixture: MigratorFixture): Record<number, string[]> {
  return Object.fromEntries([1, 2, 3, 4, 5].map((id) => [id, fixture.acl(id)]));
}

describe("recorded legacy calls as input", () => {
  it("plans and applies an NDJSON and a HAR file to what the legacy API would have produced", async () => {
    const legacy = await legacyReplay(await start());
    expect(legacy).toEqual({ 1: ["carol", "erin"], 2: ["alice", "dave"], 3: [], 4: [], 5: ["bob", "dave"] });

    const fixture = await start();
    const before = acls(fixture);
    const calls = await fixture.file(
      "calls.ndjson",
      NDJSON_CALLS.map((call) => JSON.stringify(call)).join("\n"),
    );
    const session = await fixture.file("session.har", har());
    const planPath = `${fixture.dir}/plan.json`;

    const plan = await fixture.run(["plan", calls, session, "--out", planPath]);
    expect(plan.stderr).toContain("Saved the plan");
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain(
      "Recorded calls: 9 GraphQL requests in 2 files, 8 setRepositoryPermissionsForUsers (the last one per repository is planned).",
    );
    expect(plan.stdout).toContain(
      "Not migrated (the HTTP API cannot do them yet): setRepositoryPermissionsUnrestricted ×1.",
    );
    expect(plan.stdout).toContain("Other operations, not migrated: WhoAmI ×1.");
    expect(plan.stdout).toContain("Skipped 1 HAR entry that is not a POST to /.api/graphql.");
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });

    const json = await fixture.run(["plan", calls, session, "--json"]);
    const inputs = (JSON.parse(json.stdout) as { inputs: { format: string; calls: unknown }[] }).inputs;
    expect(inputs.map((input) => [input.format, input.calls])).toEqual([
      [
        "ndjson",
        {
          requests: 5,
          setPermissions: 4,
          notMigratable: { setRepositoryPermissionsUnrestricted: 1 },
          otherOperations: { WhoAmI: 1 },
        },
      ],
      ["har", { requests: 4, setPermissions: 4, notMigratable: {}, otherOperations: {}, skippedEntries: 1 }],
    ]);

    const apply = await fixture.run(["apply", planPath, "--max-deletes", "10", "--allow-empty"]);
    expect(apply.status).toBe(0);
    expect(acls(fixture)).toEqual(legacy);
    // The minimal calls: one write per user gained or lost.
    let difference = 0;
    for (const id of [1, 2, 3, 4, 5]) {
      const was = new Set(before[id]);
      const now = new Set(legacy[id]);
      for (const user of was) if (!now.has(user)) difference += 1;
      for (const user of now) if (!was.has(user)) difference += 1;
    }
    expect(fixture.writes().create + fixture.writes().delete).toBe(difference);

    const again = await fixture.run(["plan", calls, session]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("No changes");
  });

  it("refuses a bad entry by its index before any call, and writes nothing", async () => {
    const fixture = await start();
    const calls = await fixture.file(
      "calls.ndjson",
      [
        set(1, "alice"),
        set(2, "bob"),
        {
          query: SET,
          variables: { repo: repo(3), perms: [{ bindID: "x", permission: "WRITE" }] },
          operationName: "SetPermissions",
        },
      ]
        .map((call) => JSON.stringify(call))
        .join("\n"),
    );
    const planPath = `${fixture.dir}/plan.json`;
    const plan = await fixture.run(["plan", calls, "--out", planPath]);
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain(
      `${calls}:3: field "[2]": GraphQL 1:37: variable "$perms": Variable "$perms" got invalid value "WRITE" at "perms[0].permission"; Value "WRITE" does not exist in "RepositoryPermission" enum.`,
    );
    const apply = await fixture.run(["apply", calls, "--yes"]);
    expect(apply.status).toBe(1);
    expect(Object.values(fixture.emulator.counters.snapshot()).reduce((sum, count) => sum + count, 0)).toBe(
      0,
    );
    await expect(fixture.read("plan.json")).rejects.toThrow("ENOENT");

    const bad = await fixture.file(
      "bad.har",
      JSON.stringify({
        log: {
          version: "1.2",
          entries: [
            entry("POST", ENDPOINT, set(1, "alice")),
            entry("POST", ENDPOINT, { query: "mutation {" }),
          ],
        },
      }),
    );
    const harPlan = await fixture.run(["apply", bad, "--yes"]);
    expect(harPlan.status).toBe(1);
    expect(harPlan.stderr).toContain(
      `${bad}:1: field "log.entries[1].request.postData.text": GraphQL 1:11: Syntax Error: Expected Name, found <EOF>.`,
    );
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
  });

  it("runs the README's example as written", async () => {
    const fixture = await start();
    await fixture.file("calls.ndjson", NDJSON_CALLS.map((call) => JSON.stringify(call)).join("\n"));
    await fixture.file("session.har", har());
    const commands = readmeExamples(join(import.meta.dirname, ".."))
      .example("### Recorded legacy calls", "sh")
      .split("\n")
      .filter((line) => line.startsWith("sgkit-migrate "));
    expect(commands).toEqual(["sgkit-migrate plan calls.ndjson session.har --out plan.json"]);
    const argv = (commands[0] as string)
      .split(/\s+/)
      .slice(1)
      .map((arg) => (/\.(ndjson|har|json)$/.test(arg) ? join(fixture.dir, arg) : arg));
    const plan = await fixture.run(argv);
    expect(plan.status).toBe(2);
    expect(JSON.parse(await fixture.read("plan.json"))).toMatchObject({
      format: "sgkit-migrate-plan",
      totals: { create: 6, delete: 5 },
    });
  });

  it("never shows the tokens a HAR file recorded: not in the plan, its output, or its errors", async () => {
    const fixture = await start();
    const recorded = createCanaryToken();
    const withToken = (value: ReturnType<typeof entry>) => ({
      ...value,
      request: {
        ...value.request,
        headers: [{ name: "Authorization", value: `token ${recorded}` }],
        cookies: [{ name: "sgs", value: recorded }],
      },
    });
    const text = JSON.stringify({
      log: { version: "1.2", entries: HAR_ENTRIES.map(withToken) },
    });
    const session = await fixture.file("session.har", text);
    const planPath = `${fixture.dir}/plan.json`;
    const plan = await fixture.run(["plan", session, "--out", planPath]);
    expect(plan.status).toBe(2);
    const json = await fixture.run(["plan", session, "--json"]);
    expect(json.status).toBe(2);
    const bad = await fixture.file(
      "bad.har",
      JSON.stringify({
        log: { version: "1.2", entries: [withToken(entry("POST", ENDPOINT, { query: "mutation {" }))] },
      }),
    );
    const refused = await fixture.run(["plan", bad]);
    expect(refused.status).toBe(1);
    // Cut inside the recorded token: the JSON error must not quote what it read.
    const cut = await fixture.file("cut.har", text.slice(0, text.indexOf(recorded) + 20));
    const broken = await fixture.run(["plan", cut]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`${cut}`);
    expect(
      findSecret(recorded, plan, json, refused, broken, await fixture.read("plan.json")),
    ).toBeUndefined();
  });
});
