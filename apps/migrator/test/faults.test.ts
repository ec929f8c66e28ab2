import { describe, expect, it } from "vitest";
import { useMigratorFixture } from "./migrator-fixture.js";

const start = useMigratorFixture();

/** 40 users and 30 repositories: enough operations for a fault rate to mean something. */
function largerSeed() {
  const users = Array.from({ length: 40 }, (_, i) => ({ id: 100 + i, username: `u${i}` }));
  const repositories = Array.from({ length: 30 }, (_, i) => ({ id: 1 + i, name: `github.com/acme/big${i}` }));
  const permissions = repositories.flatMap((repository, r) =>
    users.filter((_, u) => (u + r) % 4 === 0).map((user) => ({ repository: repository.id, user: user.id })),
  );
  return { users, repositories, permissions };
}

describe("under injected faults", () => {
  it("20% failures, lost answers included: apply and --resume end in exactly the desired state, no write applied twice", async () => {
    const { users, repositories, permissions } = largerSeed();
    const fixture = await start({
      seed: {
        license: true,
        users: [
          {
            id: 1,
            username: "admin",
            siteAdmin: true,
            rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"],
          },
          ...users,
        ],
        repositories,
        permissions,
        tokens: [{ name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] }],
      },
      faults: {
        seed: 7,
        perMethod: {
          CreateExplicitRepoPermission: { rate: 0.2, kinds: { unavailable: 1, reset: 1, lostAnswer: 2 } },
          DeleteExplicitRepoPermission: { rate: 0.2, kinds: { unavailable: 1, reset: 1, lostAnswer: 2 } },
          ListExplicitRepoPermissions: {
            rate: 0.2,
            kinds: { unavailable: 1, rateLimited: 1 },
            retryAfterSeconds: 0,
          },
        },
      },
    });
    // Desired: each repository gets the users with (u + r) % 3 === 0; that creates and deletes in every one.
    const desired = repositories.map((repository, r) => ({
      repository: repository.name,
      users: users.filter((_, u) => (u + r) % 3 === 0).map((user) => user.username),
    }));
    const input = await fixture.file(
      "acl.ndjson",
      desired.map((record) => JSON.stringify(record)).join("\n"),
    );
    const journal = `${fixture.dir}/run.journal`;

    let run = await fixture.run(["apply", input, "--yes", "--max-deletes", "100%", "--journal", journal]);
    for (let attempt = 0; run.status !== 0 && attempt < 10; attempt++) {
      expect(run.stderr).not.toContain("Internal error");
      run = await fixture.run([
        "apply",
        input,
        "--yes",
        "--max-deletes",
        "100%",
        "--journal",
        journal,
        "--resume",
      ]);
    }
    expect(run.status).toBe(0);
    for (const [r, record] of desired.entries()) expect(fixture.acl(r + 1)).toEqual([...record.users].sort());
    expect(fixture.emulator.faults?.log.some((fault) => fault.kind === "lostAnswer")).toBe(true);
    const writes = fixture.emulator.writes;
    expect(writes.size).toBeGreaterThan(0);
    for (const { repositoryId, userId } of writes.entries()) {
      expect(writes.added(repositoryId, userId), `adds of ${repositoryId}/${userId}`).toBeLessThanOrEqual(1);
      expect(
        writes.removed(repositoryId, userId),
        `removes of ${repositoryId}/${userId}`,
      ).toBeLessThanOrEqual(1);
    }
    expect((await fixture.run(["verify", input])).status).toBe(0);
  });
});
