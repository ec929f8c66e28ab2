import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { migrationEnv } from "./support/migration-admin.js";
import { useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

describe("bad input: a clear error naming file and line, exit 1, and no write", () => {
  it.each([
    [
      "malformed JSON line",
      "acl.ndjson",
      '{"repository": "github.com/acme/r1", "users": ["alice"]}\n{"repository": \n',
      /acl\.ndjson:2/,
    ],
    [
      "wrong field type",
      "acl.ndjson",
      '{"repository": "github.com/acme/r1", "users": ["alice", 7]}\n',
      /acl\.ndjson:1.*users\[1\]/,
    ],
    [
      "unknown field",
      "acl.ndjson",
      '{"repository": "github.com/acme/r1", "user": ["alice"]}\n',
      /acl\.ndjson:1.*"user"/,
    ],
    ["CSV with a bad header", "acl.csv", "repo,login\ngithub.com/acme/r1,alice\n", /acl\.csv:1/],
    [
      "CSV with an unterminated quote",
      "acl.csv",
      'repository,user\n"github.com/acme/r1,alice\n',
      /acl\.csv:2/,
    ],
    [
      "CSV with a missing column",
      "acl.csv",
      "repository,user\ngithub.com/acme/r1,alice\ngithub.com/acme/r2\n",
      /acl\.csv:3/,
    ],
    [
      "a user's node ID where a repository belongs",
      "acl.ndjson",
      '{"repository": "VXNlcjo0NTY=", "users": ["alice"]}\n',
      /acl\.ndjson:1.*User node ID/,
    ],
    [
      "binary garbage",
      "acl.ndjson",
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x01, 0x0a]),
      /acl\.ndjson:1/,
    ],
    ["an empty file", "acl.ndjson", "", /no ACL records/],
    ["an unknown extension", "acl.txt", '{"repository": "github.com/acme/r1", "users": []}\n', /--format/],
  ])("%s", async (_name, fileName, content, message) => {
    const fixture = await start();
    const input = await fixture.file(fileName, content);
    for (const argv of [
      ["plan", input],
      ["apply", input, "--yes", "--max-deletes", "100%", "--allow-empty", "--journal", `${fixture.dir}/j`],
    ]) {
      const run = await fixture.run(argv);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain("Internal error");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
  });

  it("a 200 MB file whose one record never ends: refused at the record limit, streamed, no write", async () => {
    const fixture = await start();
    const path = `${fixture.dir}/huge.ndjson`;
    const out = createWriteStream(path);
    const chunk = Buffer.alloc(1 << 20, "a");
    out.write('{"repository": "github.com/acme/r1", "users": ["');
    for (let i = 0; i < 200; i++) if (!out.write(chunk)) await once(out, "drain");
    await new Promise((resolve) => out.end(resolve));
    const run = await fixture.run(["plan", path]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/huge\.ndjson:1/);
    expect(run.stderr).toMatch(/64 MiB/);
    expect(run.stderr.length).toBeLessThan(2000);
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
  });

  it("a missing file", async () => {
    const fixture = await start();
    const run = await fixture.run(["plan", `${fixture.dir}/nope.ndjson`]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("nope.ndjson");
    expect(run.stderr).not.toContain("Internal error");
  });

  it.each([
    [["plan"], /needs at least one input file/],
    [["frobnicate"], /Unknown command "frobnicate"/],
    [["plan", "x.ndjson", "--bind-id", "login"], /--bind-id must be username or email/],
    [["plan", "x.ndjson", "--resume"], /--resume is an option of apply/],
    [["apply", "x.ndjson", "--concurrency", "0"], /--concurrency must be a whole number/],
    [["apply", "x.ndjson", "--max-deletes", "-3"], /max-deletes/],
    [["plan", "x.ndjson", "--nope"], /nope/],
  ])("the command line %j", async (argv, message) => {
    const fixture = await start();
    const run = await fixture.run(argv);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(fixture.emulator.counters.total()).toBe(0);
  });

  it("--help of every command shows examples and exits 0", async () => {
    const fixture = await start();
    for (const command of ["plan", "apply", "verify", "export"]) {
      const run = await fixture.run([command, "--help"]);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`sgkit-migrate ${command}`);
      expect(run.stdout).toContain("Examples:");
    }
    expect((await fixture.run(["--help"])).stdout).toContain("Exit codes");
  });

  it.each([
    ["no token", {}, /No access token/],
    [
      "a bad token",
      { SRC_ACCESS_TOKEN: "sgp_0000000000000000_0000000000000000000000000000000000000000" },
      /The token \(SRC_ACCESS_TOKEN\) was refused by both \/\.api\/graphql and the \/api\/ HTTP API/,
    ],
  ])("configuration: %s", async (_name, env, message) => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", '{"repository": "github.com/acme/r1", "users": []}\n');
    const run = await fixture.run(["plan", input], { env: { SRC_ENDPOINT: fixture.emulator.url, ...env } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
  });

  it("configuration: a non-admin token, a token without the write scope, a wrong endpoint, no license", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const alice = await fixture.run(["plan", input], {
      env: { SRC_ENDPOINT: fixture.emulator.url, SRC_ACCESS_TOKEN: fixture.emulator.token("aliceAll") },
    });
    expect(alice.stderr).toContain("belongs to alice, who is not a site admin");
    // The preflight reads only: a token without the write scope is refused by apply's first write.
    const readOnly = await fixture.run(["apply", input, "--yes", "--journal", `${fixture.dir}/j`], {
      env: { ...migrationEnv(fixture.emulator), SRC_ACCESS_TOKEN: fixture.emulator.token("readOnly") },
    });
    expect(readOnly.status).toBe(1);
    expect(readOnly.stderr).toContain("externalapi:write");
    const wrong = await fixture.run(["plan", input], {
      env: migrationEnv(fixture.emulator, "http://127.0.0.1:9"),
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("Cannot reach http://127.0.0.1:9");
    const unlicensed = await start({ license: false });
    const run = await unlicensed.run([
      "plan",
      await unlicensed.file("acl.ndjson", '{"repository": "github.com/acme/r5", "users": ["erin"]}\n'),
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("license");
  });
});
