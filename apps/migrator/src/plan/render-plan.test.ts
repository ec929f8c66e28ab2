import { describe, expect, it } from "vitest";
import { type PlanRepository, type PlanTotals, type UnknownReference, zeroTotals } from "./plan-types.js";
import { countNoun, renderRecordedCalls, renderRepositoryDiff, renderTotals } from "./render-plan.js";

function planned(create: string[], remove: string[]): PlanRepository {
  return {
    repository: 7,
    name: "github.com/acme/api",
    source: "acl.ndjson:12",
    observed: { count: remove.length + 1, fingerprint: "0".repeat(32) },
    desired: create.length + 1,
    create: create.map((label, i) => ({ user: 100 + i, label })),
    delete: remove.map((label, i) => ({ user: 200 + i, label })),
  };
}

const NONE: PlanTotals = zeroTotals();

function unknownUsers(count: number): UnknownReference[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: "user",
    value: `ghost${i}`,
    source: `acl.ndjson:${i + 1}`,
    repository: "github.com/acme/api",
  }));
}

describe("renderRepositoryDiff", () => {
  it("shows the repository and where its record is, then grants, then revocations", () => {
    expect(renderRepositoryDiff(planned(["dave", "erin@example.com"], ["alice"]))).toEqual([
      "~ github.com/acme/api (acl.ndjson:12)",
      "    + dave",
      "    + erin@example.com",
      "    - alice",
    ]);
  });

  it("shows only revocations for a repository losing users, and only the header without changes", () => {
    expect(renderRepositoryDiff(planned([], ["alice", "bob"]))).toEqual([
      "~ github.com/acme/api (acl.ndjson:12)",
      "    - alice",
      "    - bob",
    ]);
    expect(renderRepositoryDiff(planned([], []))).toEqual(["~ github.com/acme/api (acl.ndjson:12)"]);
  });

  it("notes bindIDs that differ only in case: one user by username, not one by email", () => {
    expect(
      renderRepositoryDiff({
        ...planned(["Alice", "erin@example.com"], []),
        caseOnly: [
          { bindIds: ["Alice", "alice"], oneUser: true },
          { bindIds: ["Erin@example.com", "erin@example.com"], oneUser: false },
        ],
      }),
    ).toEqual([
      "~ github.com/acme/api (acl.ndjson:12)",
      '    (users "Alice" and "alice" differ only in case: one user)',
      '    (emails "Erin@example.com" and "erin@example.com" differ only in case: not one user, as bindID emails are exact)',
      "    + Alice",
      "    + erin@example.com",
    ]);
  });
});

describe("renderTotals", () => {
  it.each([
    [0, "No changes: the 0 repositories match the inputs."],
    [1, "No changes: the 1 repository matches the inputs."],
    [250, "No changes: the 250 repositories match the inputs."],
  ])("says there is nothing to do for %i repositories", (repositories, line) => {
    expect(renderTotals({ ...NONE, repositories, unchanged: 3, currentGrants: 3 }, [])).toEqual([line]);
  });

  it("counts creates, deletes, changed repositories, grants in place and current grants", () => {
    expect(
      renderTotals(
        {
          ...NONE,
          repositories: 250,
          changed: 68,
          create: 129,
          delete: 11,
          unchanged: 2226,
          currentGrants: 2237,
        },
        [],
      ),
    ).toEqual([
      "Plan: 129 to create, 11 to delete, in 68 of 250 repositories (2226 grants already in place, 2237 current grants).",
    ]);
  });

  it("uses the singular for one of each", () => {
    expect(
      renderTotals({ ...NONE, repositories: 1, changed: 1, create: 1, unchanged: 1, currentGrants: 1 }, []),
    ).toEqual([
      "Plan: 1 to create, 0 to delete, in 1 of 1 repository (1 grant already in place, 1 current grant).",
    ]);
  });

  it.each([
    [1, "1 repository would lose every explicit grant (apply needs --allow-empty)."],
    [3, "3 repositories would lose every explicit grant (apply needs --allow-empty)."],
  ])("warns about %i emptied repositories", (emptied, line) => {
    const lines = renderTotals(
      { ...NONE, repositories: 5, changed: emptied, delete: 2 * emptied, currentGrants: 9, emptied },
      [],
    );
    expect(lines).toEqual([
      `Plan: 0 to create, ${2 * emptied} to delete, in ${emptied} of 5 repositories (0 grants already in place, 9 current grants).`,
      line,
    ]);
  });

  it("lists unknown repositories and users with where they are, singular and plural", () => {
    const unknown: UnknownReference[] = [
      { kind: "repository", value: "github.com/acme/gone", source: "a.ndjson:3" },
      { kind: "user", value: "ghost", source: "a.ndjson:4", repository: "github.com/acme/api" },
    ];
    expect(
      renderTotals({ ...NONE, repositories: 2, unknownRepositories: 1, unknownUsers: 1 }, unknown),
    ).toEqual([
      "No changes: the 2 repositories match the inputs.",
      "Skipped: 1 unknown repository, 1 grant to an unknown user (pending):",
      '  a.ndjson:3: repository "github.com/acme/gone"',
      '  a.ndjson:4: user "ghost" on github.com/acme/api',
    ]);
    expect(
      renderTotals({ ...NONE, repositories: 2, unknownRepositories: 0, unknownUsers: 2 }, unknownUsers(2)),
    ).toEqual([
      "No changes: the 2 repositories match the inputs.",
      "Skipped: 0 unknown repositories, 2 grants to unknown users (pending):",
      '  acl.ndjson:1: user "ghost0" on github.com/acme/api',
      '  acl.ndjson:2: user "ghost1" on github.com/acme/api',
    ]);
  });

  it("quotes unknown values, so odd characters cannot break the listing", () => {
    const lines = renderTotals({ ...NONE, unknownRepositories: 1 }, [
      { kind: "repository", value: 'evil"\nname', source: "a.csv:2" },
    ]);
    expect(lines[2]).toBe('  a.csv:2: repository "evil\\"\\nname"');
  });

  it("lists 20 unknowns and counts the rest, including those the plan counted but did not keep", () => {
    const twenty = renderTotals({ ...NONE, unknownUsers: 20 }, unknownUsers(20));
    expect(twenty).toHaveLength(22);
    expect(twenty.at(-1)).toBe('  acl.ndjson:20: user "ghost19" on github.com/acme/api');

    const many = renderTotals({ ...NONE, unknownRepositories: 5, unknownUsers: 1995 }, unknownUsers(1000));
    expect(many).toHaveLength(23);
    expect(many[1]).toBe("Skipped: 5 unknown repositories, 1995 grants to unknown users (pending):");
    expect(many[2]).toBe('  acl.ndjson:1: user "ghost0" on github.com/acme/api');
    expect(many[21]).toBe('  acl.ndjson:20: user "ghost19" on github.com/acme/api');
    expect(many[22]).toBe("  … and 1980 more");

    const fewKept = renderTotals({ ...NONE, unknownUsers: 3 }, unknownUsers(1));
    expect(fewKept.slice(2)).toEqual([
      '  acl.ndjson:1: user "ghost0" on github.com/acme/api',
      "  … and 2 more",
    ]);
  });

  it.each([
    [10, 40, undefined],
    [
      11,
      40,
      "apply will refuse 11 deletes: more than the default --max-deletes allows (5% of the 40 current grants = 2, at least 10); pass --max-deletes 11 if they are meant.",
    ],
    [
      51,
      1000,
      "apply will refuse 51 deletes: more than the default --max-deletes allows (5% of the 1000 current grants = 50); pass --max-deletes 51 if they are meant.",
    ],
    [50, 1000, undefined],
  ])(
    "with %i deletes of %i current grants, says whether apply's default --max-deletes refuses them",
    (deletes, currentGrants, line) => {
      const lines = renderTotals(
        {
          ...NONE,
          repositories: 3,
          changed: 3,
          delete: deletes,
          currentGrants,
          unchanged: currentGrants - deletes,
        },
        [],
      );
      expect(lines.slice(1)).toEqual(line === undefined ? [] : [line]);
    },
  );

  it("names the --max-deletes apply is given instead of the default", () => {
    const totals = { ...NONE, repositories: 3, changed: 3, delete: 11, currentGrants: 40, unchanged: 29 };
    expect(renderTotals(totals, [], { maxDeletes: { kind: "count", value: 5 } })[1]).toBe(
      "apply will refuse 11 deletes: more than --max-deletes allows (5); pass --max-deletes 11 if they are meant.",
    );
    expect(renderTotals(totals, [], { maxDeletes: { kind: "count", value: 11 } })).toHaveLength(1);
  });

  it("puts the emptied warning before the unknowns", () => {
    const lines = renderTotals(
      { ...NONE, repositories: 1, changed: 1, delete: 1, currentGrants: 1, emptied: 1, unknownUsers: 1 },
      unknownUsers(1),
    );
    expect(lines).toEqual([
      "Plan: 0 to create, 1 to delete, in 1 of 1 repository (0 grants already in place, 1 current grant).",
      "1 repository would lose every explicit grant (apply needs --allow-empty).",
      "Skipped: 0 unknown repositories, 1 grant to an unknown user (pending):",
      '  acl.ndjson:1: user "ghost0" on github.com/acme/api',
    ]);
  });
});

describe("countNoun", () => {
  it("uses the singular for exactly one, the plural otherwise", () => {
    expect(countNoun(1, "repository", "repositories")).toBe("1 repository");
    expect(countNoun(0, "repository", "repositories")).toBe("0 repositories");
    expect(countNoun(2, "grant", "grants")).toBe("2 grants");
  });
});

describe("renderRecordedCalls", () => {
  const file = { format: "ndjson" as const, sha256: "0".repeat(64), bytes: 10 };

  it("says nothing when no input is a file of recorded calls", () => {
    expect(renderRecordedCalls([{ path: "acl.ndjson", ...file }])).toEqual([]);
  });

  it("adds up the files' calls: the permission calls, those not migrated, other operations, skipped entries", () => {
    expect(
      renderRecordedCalls([
        { path: "acl.csv", ...file, format: "csv" },
        {
          path: "calls.ndjson",
          ...file,
          calls: {
            requests: 5,
            setPermissions: 3,
            notMigratable: { setRepositoryPermissionsUnrestricted: 1 },
            otherOperations: { WhoAmI: 1 },
          },
        },
        {
          path: "session.har",
          ...file,
          format: "har",
          calls: {
            requests: 4,
            setPermissions: 1,
            notMigratable: {
              setRepositoryPermissionsUnrestricted: 1,
              setSubRepositoryPermissionsForUsers: 2,
            },
            otherOperations: { WhoAmI: 2, "query { site }": 1 },
            otherOperationsUnlisted: 3,
            skippedEntries: 1,
          },
        },
      ]),
    ).toEqual([
      "Recorded calls: 9 GraphQL requests in 2 files, 4 setRepositoryPermissionsForUsers (the last one per repository is planned).",
      "Not migrated (the HTTP API cannot do them yet): setRepositoryPermissionsUnrestricted ×2, setSubRepositoryPermissionsForUsers ×2.",
      "Other operations, not migrated: WhoAmI ×3, query { site } ×1, 3 more.",
      "Skipped 1 HAR entry that is not a POST to /.api/graphql.",
    ]);
  });
});
