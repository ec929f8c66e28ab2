// The emulator's log of applied permission writes, read after @sgkit/graphql's calls over loopback HTTP: GraphQL's
// whole-ACL replace writes only the difference, and the same ACL again writes nothing. (The permissions client's
// grants and revokes are in @sgkit/permissions' test/permission-writes.test.ts.) No nock in this file.
import { describe, expect, it } from "vitest";

import { ALICE, BOB, CAROL, graphqlFor, ids, OTHER_REPO, startGraphQLEmulator } from "./support/emulator.js";

describe("emulator.writes", () => {
  it("records the difference a GraphQL whole-ACL replace applied", async () => {
    const emulator = await startGraphQLEmulator();
    // OTHER_REPO has alice; afterwards bob and carol, and a pending bindID (no write).
    await graphqlFor(emulator).setRepositoryPermissionsForUsers(ids.otherRepo, ["bob", "carol", "newhire"]);
    expect(emulator.writes.entries()).toEqual([
      { kind: "removed", repositoryId: OTHER_REPO, userId: ALICE },
      { kind: "added", repositoryId: OTHER_REPO, userId: BOB },
      { kind: "added", repositoryId: OTHER_REPO, userId: CAROL },
    ]);
    // The same ACL again is no write at all.
    await graphqlFor(emulator).setRepositoryPermissionsForUsers(ids.otherRepo, ["carol", "bob", "newhire"]);
    expect(emulator.writes.size).toBe(3);
  });
});
