import { describe, expect, it } from "vitest";
import { useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

describe("what a new user is told", () => {
  it.each([
    [
      "foo",
      '--endpoint "foo" is not a URL (it has no http:// or https://): give the Sourcegraph instance\'s http:// or https:// URL, such as https://foo.',
    ],
    [
      "sourcegraph.example.com",
      '--endpoint "sourcegraph.example.com" is not a URL (it has no http:// or https://): give the Sourcegraph instance\'s http:// or https:// URL, such as https://sourcegraph.example.com.',
    ],
    [
      "ftp://x",
      "--endpoint \"ftp://x\" is a ftp:// URL, which Sourcegraph's APIs are not served over: give the Sourcegraph instance's http:// or https:// URL, such as https://sourcegraph.example.com.",
    ],
    [
      "http://",
      '--endpoint "http://" has no host: give the Sourcegraph instance\'s http:// or https:// URL, such as https://sourcegraph.example.com.',
    ],
    [
      "https://sg .example.com",
      '--endpoint "https://sg .example.com" contains whitespace: give the Sourcegraph instance\'s http:// or https:// URL, such as https://sourcegraph.example.com.',
    ],
  ])(
    "a bad --endpoint %j is refused naming the flag and what it wants, before any call",
    async (endpoint, message) => {
      const fixture = await start();
      const input = await fixture.file(
        "acl.ndjson",
        '{"repository": "github.com/acme/r1", "users": ["alice"]}\n',
      );
      const run = await fixture.run(["plan", input, "--endpoint", endpoint]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`sgkit-migrate: ${message}\n`);
      expect(fixture.emulator.counters.get("graphql:CurrentUser")).toBe(0);
    },
  );

  it("a bad SRC_ENDPOINT is refused naming the variable", async () => {
    const fixture = await start();
    const run = await fixture.run(["export"], { env: { SRC_ENDPOINT: "http://", SRC_ACCESS_TOKEN: "x" } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'sgkit-migrate export: SRC_ENDPOINT "http://" has no host: set it to the Sourcegraph instance\'s http:// or https:// URL, such as https://sourcegraph.example.com.\n',
    );
  });

  it("by username, an unknown user that looks like an email gets a hint about --bind-id email", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin", "bob@example.com"]}\n',
    );
    const hint =
      'The unknown user "bob@example.com" looks like an email, which no username can be: if the instance names users by email (its permissions.userMapping.bindID), pass --bind-id email.';
    const failed = await fixture.run(["plan", input]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`unknown user "bob@example.com"`);
    expect(failed.stderr).toContain(hint);
    const skipped = await fixture.run(["plan", input, "--on-unknown", "skip"]);
    expect(skipped.status).toBe(2);
    expect(skipped.stdout).toContain(hint);
    // By email it is bob, and there is nothing to hint at.
    const byEmail = await fixture.run([
      "plan",
      await fixture.file(
        "by-email.ndjson",
        '{"repository": "github.com/acme/r5", "users": ["bob@example.com", "zoe@example.com"]}\n',
      ),
      "--bind-id",
      "email",
      "--on-unknown",
      "skip",
    ]);
    expect(byEmail.stdout).toContain("    + bob@example.com");
    expect(byEmail.stdout).not.toContain("--bind-id email");
  });

  it("says 1 permission, 1 repository in the singular", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r2", "users": ["carol"]}\n',
    );
    fixture.emulator.state.permissions.add(2, 14);
    const verify = await fixture.run(["verify", input]);
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain("Drift: 1 permission differs from the inputs.");

    const unknown = await fixture.file(
      "unknown.ndjson",
      '{"repository": "github.com/acme/r4", "users": ["alice", "zoe"]}\n',
    );
    const plan = await fixture.run([
      "plan",
      unknown,
      "--out",
      `${fixture.dir}/plan.json`,
      "--on-unknown",
      "skip",
    ]);
    expect(plan.stderr).toContain("Wrote the ACLs of 1 repository with unknown users");

    const exported = await fixture.run(["export", "--out", `${fixture.dir}/backup.ndjson`]);
    expect(exported.stderr).toContain("Exported 6 grants of 5 repositories (2 without grants");
  });
});
