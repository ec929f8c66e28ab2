// The emulator's log of applied permission writes, read after the permissions client's calls over loopback HTTP:
// a grant whose answer was lost and that the client retried is applied once; reads write nothing. (GraphQL's
// whole-ACL replace is in @sgkit/graphql's test/permission-writes.test.ts.) No nock in this file.
import { describe, expect, it } from "vitest";
import { ALICE, BOB, clientFor, OTHER_REPO, REPO, startTestEmulator } from "./support/emulator.js";

describe("emulator.writes", () => {
  it("counts one add for a grant whose first answer was lost, retried by the client", async () => {
    // With this seed the first Create's answer is lost (applied, then the connection dropped), the second not.
    const emulator = await startTestEmulator({
      faults: {
        seed: 0,
        perMethod: { CreateExplicitRepoPermission: { rate: 0.5, kinds: { lostAnswer: 1 } } },
      },
    });
    const result = await clientFor(emulator).grant(REPO, BOB);
    expect(emulator.faults?.log.map((decision) => [decision.call, decision.kind])).toEqual([
      [1, "lostAnswer"],
    ]);
    expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(2);
    // The retry met already_exists: the client cannot be sure the change was its own, and says that it found
    // the permission after a retry. The pair was added once.
    expect(result).toEqual({ outcome: "present-after-retry", changed: false, permission: undefined });
    expect(emulator.writes.added(REPO, BOB)).toBe(1);
    expect(emulator.writes.entries()).toEqual([{ kind: "added", repositoryId: REPO, userId: BOB }]);
  });

  it("records a revoke once, and nothing for reads or for a grant of what exists", async () => {
    const emulator = await startTestEmulator();
    const client = clientFor(emulator);
    expect(emulator.writes.size).toBe(0);
    expect((await client.grant(OTHER_REPO, ALICE)).outcome).toBe("already-present");
    for await (const _ of client.list({ parent: `repositories/${OTHER_REPO}` })) {
      // reading only
    }
    expect((await client.revoke(OTHER_REPO, ALICE)).outcome).toBe("deleted");
    expect((await client.revoke(OTHER_REPO, ALICE)).outcome).toBe("already-absent");
    expect(emulator.writes.entries()).toEqual([{ kind: "removed", repositoryId: OTHER_REPO, userId: ALICE }]);
  });
});
