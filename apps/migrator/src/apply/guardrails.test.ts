import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { MigratorError } from "../migrator-error.js";
import {
  DEFAULT_MAX_DELETES,
  describeMaxDeletes,
  isDefaultMaxDeletes,
  type MaxDeletes,
  maxDeletesAllowed,
} from "../plan/delete-limit.js";
import { createPlanWriter, type PlanFile, readPlanFile } from "../plan/plan-file.js";
import type { PlanHeader, PlanRepository, PlanTotals } from "../plan/plan-types.js";
import { checkGuardrails, type Guardrails } from "./guardrails.js";

const ENDPOINT = "https://sourcegraph.example.com";
const CREATED_AT = "2026-11-23T10:00:00.000Z";
const CREATED_MS = Date.parse(CREATED_AT);
const MINUTE = 60_000;

/** Repository `id`: `current` users now, `desired` wanted, so it deletes all but the desired ones it has. */
function repository(id: number, current: number, desired: number): PlanRepository {
  const kept = Math.min(current, desired);
  return {
    repository: id,
    name: `github.com/acme/r${id}`,
    source: `acl.ndjson:${id}`,
    observed: { count: current, fingerprint: "0".repeat(32) },
    desired,
    create: Array.from({ length: desired - kept }, (_, i) => ({ user: 1000 + i, label: `new${i}` })),
    delete: Array.from({ length: current - kept }, (_, i) => ({ user: 2000 + i, label: `old${i}` })),
  };
}

const tmp = useTempDir({ perTest: true });

/**
 * A plan file written and read back as apply reads it, with totals as planning adds them up; `extraGrants` are
 * current grants of repositories the plan leaves alone (the base of a percentage grows, the deletes do not).
 */
async function planFile(
  repositories: readonly PlanRepository[],
  options: { extraGrants?: number; header?: Partial<PlanHeader>; totals?: Partial<PlanTotals> } = {},
): Promise<PlanFile> {
  const path = join(tmp.dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  const writer = await createPlanWriter(path, {
    format: "sgkit-migrate-plan",
    version: 1,
    createdAt: CREATED_AT,
    endpoint: ENDPOINT,
    bindId: "username",
    inputs: [{ path: "acl.ndjson", format: "ndjson", sha256: "ab".repeat(32), bytes: 42 }],
    ...options.header,
  });
  for (const entry of repositories) await writer.write(entry);
  const sum = (of: (r: PlanRepository) => number) => repositories.reduce((total, r) => total + of(r), 0);
  const totals: PlanTotals = {
    repositories: repositories.length,
    changed: repositories.filter((r) => r.create.length + r.delete.length > 0).length,
    create: sum((r) => r.create.length),
    delete: sum((r) => r.delete.length),
    unchanged: sum((r) => Math.min(r.observed.count, r.desired)),
    currentGrants: sum((r) => r.observed.count) + (options.extraGrants ?? 0),
    emptied: repositories.filter((r) => r.desired === 0 && r.observed.count > 0).length,
    unknownRepositories: 0,
    unknownUsers: 0,
  };
  await writer.finish({ unknown: [], totals: { ...totals, ...options.totals } });
  return readPlanFile(path);
}

function guardrails(overrides: Partial<Guardrails> = {}): Guardrails {
  return {
    endpoint: ENDPOINT,
    maxDeletes: { kind: "count", value: 1_000_000 },
    allowEmpty: false,
    now: () => CREATED_MS + MINUTE,
    ...overrides,
  };
}

/** The message `checkGuardrails` refuses with; fails the test when it passes. */
async function refusal(plan: PlanFile, limits: Guardrails): Promise<string> {
  const error = await checkGuardrails(plan, limits).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MigratorError);
  return (error as Error).message;
}

describe("checkGuardrails", () => {
  it("lets a plan within every limit through", async () => {
    const plan = await planFile([repository(1, 3, 5), repository(2, 4, 3)]);
    await expect(
      checkGuardrails(plan, guardrails({ maxDeletes: { kind: "count", value: 1 }, maxPlanAgeMs: MINUTE })),
    ).resolves.toBeDefined();
  });

  it("refuses a plan made against another instance, before any other check", async () => {
    const plan = await planFile([repository(1, 5, 0)], { header: { endpoint: "https://old.example.com" } });
    expect(
      await refusal(plan, guardrails({ maxDeletes: { kind: "count", value: 0 }, maxPlanAgeMs: 0 })),
    ).toBe(
      `The plan was made against https://old.example.com, not ${ENDPOINT}: apply it to the instance it was made from, or re-run plan.`,
    );
  });

  it("allows a plan exactly as old as --max-plan-age, and refuses one a millisecond older", async () => {
    const plan = await planFile([repository(1, 1, 2)]);
    const limit = 30 * MINUTE;
    await expect(
      checkGuardrails(plan, guardrails({ maxPlanAgeMs: limit, now: () => CREATED_MS + limit })),
    ).resolves.toBeDefined();
    expect(
      await refusal(
        plan,
        guardrails({ maxPlanAgeMs: limit, maxPlanAgeText: "30m", now: () => CREATED_MS + limit + 1 }),
      ),
    ).toBe(
      "The plan is 30 minutes old, older than --max-plan-age 30m: re-run plan to see the instance as it is now.",
    );
    expect(
      await refusal(
        plan,
        guardrails({ maxPlanAgeMs: limit, maxPlanAgeText: "30m", now: () => CREATED_MS + 2 * 60 * MINUTE }),
      ),
    ).toMatch(/^The plan is 120 minutes old, older than --max-plan-age 30m:/);
  });

  it.each([
    ["2h", 3 * 60, "3 hours"],
    ["2h", 2 * 60 + 1, "2 hours 1 minute"],
    ["2h", 3 * 24 * 60, "72 hours"],
    ["1d", 2 * 24 * 60 + 90, "2 days"],
    ["1h30m", 2 * 60 + 5, "2 hours 5 minutes"],
    ["45s", 2, "120 seconds"],
    ["7d", 8 * 24 * 60, "8 days"],
  ])("--max-plan-age %s: a plan %i minutes old is %s old", async (text, ageMinutes, age) => {
    const plan = await planFile([repository(1, 1, 2)]);
    const limitMs = { "2h": 2 * 60, "1d": 24 * 60, "1h30m": 90, "45s": 0.75, "7d": 7 * 24 * 60 }[
      text
    ] as number;
    expect(
      await refusal(
        plan,
        guardrails({
          maxPlanAgeMs: limitMs * MINUTE,
          maxPlanAgeText: text,
          now: () => CREATED_MS + ageMinutes * MINUTE,
        }),
      ),
    ).toBe(
      `The plan is ${age} old, older than --max-plan-age ${text}: re-run plan to see the instance as it is now.`,
    );
  });

  it("ignores the age without --max-plan-age, and accepts a plan from a clock slightly ahead", async () => {
    const plan = await planFile([repository(1, 1, 2)]);
    await expect(
      checkGuardrails(plan, guardrails({ now: () => CREATED_MS + 10 ** 12 })),
    ).resolves.toBeDefined();
    await expect(
      checkGuardrails(plan, guardrails({ maxPlanAgeMs: 0, now: () => CREATED_MS - 5000 })),
    ).resolves.toBeDefined();
  });

  it("measures the age with the real clock by default", async () => {
    const fresh = await planFile([repository(1, 1, 2)], { header: { createdAt: new Date().toISOString() } });
    const { now: _, ...withoutClock } = guardrails({ maxPlanAgeMs: 60 * MINUTE });
    await expect(checkGuardrails(fresh, withoutClock)).resolves.toBeDefined();
    expect(
      await refusal(await planFile([repository(1, 1, 2)]), { ...withoutClock, maxPlanAgeMs: MINUTE }),
    ).toMatch(/^The plan is \d+ minutes old/);
  });

  it("refuses a plan whose creation time is no date when --max-plan-age is set", async () => {
    const plan = await planFile([repository(1, 1, 2)], { header: { createdAt: "yesterday" } });
    expect(await refusal(plan, guardrails({ maxPlanAgeMs: 60 * MINUTE }))).toBe(
      'The plan\'s creation time "yesterday" is not a date, so --max-plan-age cannot be checked: re-run plan.',
    );
    await expect(checkGuardrails(plan, guardrails())).resolves.toBeDefined();
  });

  it.each([
    [{ kind: "count", value: 10 }, true],
    [{ kind: "count", value: 9 }, false],
  ] as const)("with --max-deletes %j, allows 10 deletes: %s", async (maxDeletes, allowed) => {
    const plan = await planFile([repository(1, 6, 2), repository(2, 6, 0), repository(3, 2, 4)], {});
    const limits = guardrails({ maxDeletes, allowEmpty: true });
    if (allowed) await expect(checkGuardrails(plan, limits)).resolves.toBeDefined();
    else
      expect(await refusal(plan, limits)).toBe(
        "The plan deletes 10 permissions, more than --max-deletes allows (9); nothing was changed. Check the plan, then raise --max-deletes (a count or a percentage) if the deletes are meant.",
      );
  });

  it("allows no delete with --max-deletes 0, and a plan without deletes under it", async () => {
    const limits = guardrails({ maxDeletes: { kind: "count", value: 0 } });
    await expect(checkGuardrails(await planFile([repository(1, 2, 5)]), limits)).resolves.toBeDefined();
    expect(await refusal(await planFile([repository(1, 2, 1)]), limits)).toMatch(
      /^The plan deletes 1 permission, more than --max-deletes allows \(0\);/,
    );
  });

  it.each([
    // 5% of 19 grants is 0.95: rounded down, no delete at all.
    [{ kind: "percent", value: 5 }, 19, 1, "5% of the 19 current grants = 0"],
    [{ kind: "percent", value: 5 }, 20, 1, undefined],
    [{ kind: "percent", value: 5 }, 20, 2, "5% of the 20 current grants = 1"],
    // 0.5% of 1999 is 9.995: 9, not 10.
    [{ kind: "percent", value: 0.5 }, 1999, 10, "0.5% of the 1999 current grants = 9"],
    [{ kind: "percent", value: 0.5 }, 1999, 9, undefined],
    // 0.57% of 10 000 is 57 exactly, though 10000 * 0.57 / 100 is 56.99999999999999 in floating point.
    [{ kind: "percent", value: 0.57 }, 10_000, 57, undefined],
    // The deleting repository keeps one grant, so the base is at least one above the deletes.
    [{ kind: "percent", value: 100 }, 8, 7, undefined],
  ] as [MaxDeletes, number, number, string | undefined][])(
    "with --max-deletes %j of %i current grants, %i deletes: refused with %s",
    async (maxDeletes, currentGrants, deletes, limit) => {
      // The deleting repository holds `deletes` grants and keeps one more; the rest are other repositories' grants.
      const plan = await planFile([repository(1, deletes + 1, 1)], {
        extraGrants: currentGrants - deletes - 1,
      });
      expect(plan.trailer.totals.currentGrants).toBe(currentGrants);
      const limits = guardrails({ maxDeletes });
      if (limit === undefined) await expect(checkGuardrails(plan, limits)).resolves.toBeDefined();
      else
        expect(await refusal(plan, limits)).toBe(
          `The plan deletes ${deletes} ${deletes === 1 ? "permission" : "permissions"}, more than --max-deletes allows (${limit}); nothing was changed. Check the plan, then raise --max-deletes (a count or a percentage) if the deletes are meant.`,
        );
    },
  );

  it("refuses to empty ACLs without --allow-empty, naming them in plan order; allows it with the flag", async () => {
    const plan = await planFile([
      repository(1, 2, 0),
      repository(2, 3, 1),
      repository(3, 1, 0),
      // Already empty and wanted empty: nothing is emptied there.
      repository(4, 0, 0),
    ]);
    expect(await refusal(plan, guardrails())).toBe(
      [
        "The plan empties the ACL of 2 repositories; nothing was changed. Pass --allow-empty if that is meant:",
        "  github.com/acme/r1 (acl.ndjson:1)",
        "  github.com/acme/r3 (acl.ndjson:3)",
      ].join("\n"),
    );
    await expect(checkGuardrails(plan, guardrails({ allowEmpty: true }))).resolves.toBeDefined();
  });

  it("names at most 20 emptied repositories and counts the rest", async () => {
    const plan = await planFile(Array.from({ length: 26 }, (_, i) => repository(i + 1, 1, 0)));
    const lines = (await refusal(plan, guardrails())).split("\n");
    expect(lines[0]).toBe(
      "The plan empties the ACL of 26 repositories; nothing was changed. Pass --allow-empty if that is meant:",
    );
    expect(lines.slice(1, 21)).toEqual(
      Array.from({ length: 20 }, (_, i) => `  github.com/acme/r${i + 1} (acl.ndjson:${i + 1})`),
    );
    expect(lines.slice(21)).toEqual(["  … and 6 more"]);
  });

  it("returns what it counted in the operations", async () => {
    const plan = await planFile([repository(1, 3, 5), repository(2, 4, 0)], { extraGrants: 10 });
    await expect(checkGuardrails(plan, guardrails({ allowEmpty: true }))).resolves.toEqual({
      create: 2,
      delete: 4,
      emptied: 1,
      currentGrants: 17,
    });
  });

  it("counts deletes and emptied ACLs from the operations: totals that say 0 do not let an emptying plan through", async () => {
    // A plan whose last line was rewritten (and its plan id recomputed, which anyone can do): the operations
    // still empty r1 and delete 2 of its grants.
    const plan = await planFile([repository(1, 2, 0)], {
      totals: { delete: 0, emptied: 0 },
      extraGrants: 1000,
    });
    expect(await refusal(plan, guardrails({ allowEmpty: true }))).toBe(
      "The plan's totals do not match its operations (0 creates, 2 deletes, 1 emptied ACL): the plan was edited or is damaged; re-run plan. Nothing was changed.",
    );
  });

  it("refuses a percentage base below the grants of the repositories the plan lists", async () => {
    const plan = await planFile([repository(1, 40, 39)], { totals: { currentGrants: 40 } });
    await expect(
      checkGuardrails(plan, guardrails({ maxDeletes: { kind: "percent", value: 5 } })),
    ).resolves.toBeDefined();
    const shrunk = await planFile([repository(1, 40, 39)], { totals: { currentGrants: 39 } });
    expect(await refusal(shrunk, guardrails())).toMatch(/^The plan's totals do not match its operations/);
  });

  it("refuses a repository whose operations do not make its desired ACL", async () => {
    const plan = await planFile([{ ...repository(1, 2, 1), desired: 2 }]);
    expect(await refusal(plan, guardrails())).toBe(
      "The plan's operations on github.com/acme/r1 do not add up (2 grants, 0 creates and 1 delete do not make 2): the plan was edited or is damaged; re-run plan. Nothing was changed.",
    );
  });

  it("checks the deletes before the emptied ACLs", async () => {
    const plan = await planFile([repository(1, 4, 0)]);
    expect(await refusal(plan, guardrails({ maxDeletes: { kind: "count", value: 3 } }))).toMatch(
      /^The plan deletes 4 permissions/,
    );
  });
});

/** A limit as `--max-deletes` gives it: `250` a count, `5%` a percentage. */
function limit(text: string): MaxDeletes {
  return text.endsWith("%")
    ? { kind: "percent", value: Number(text.slice(0, -1)) }
    : { kind: "count", value: Number(text) };
}

describe("maxDeletesAllowed", () => {
  it("allows a count as it is, whatever the grants", () => {
    expect(maxDeletesAllowed({ kind: "count", value: 100 }, 0)).toBe(100);
    expect(maxDeletesAllowed({ kind: "count", value: 0 }, 1_000_000)).toBe(0);
  });

  it.each([
    ["5%", 20, 1],
    ["5%", 19, 0],
    ["5%", 39, 1],
    ["0.5%", 1000, 5],
    ["0.5%", 999, 4],
    ["100%", 12_345, 12_345],
    ["0%", 12_345, 0],
    // In floating point 100 000 × 0.29 / 100 is 289.99999999999994 and 10 000 × 0.57 / 100 is 56.99999999999999.
    ["0.29%", 100_000, 290],
    ["0.57%", 10_000, 57],
    ["4.35%", 100_000, 4350],
    ["33.3333%", 3_000_000, 999_999],
    ["1%", Number.MAX_SAFE_INTEGER, Math.floor(Number.MAX_SAFE_INTEGER / 100)],
  ])("allows %s of %i grants as %i (rounded down)", (text, grants, allowed) => {
    expect(maxDeletesAllowed(limit(text), grants)).toBe(allowed);
  });

  it.each([
    [0, 10],
    [19, 10],
    [200, 10],
    [220, 11],
    [1000, 50],
  ])("allows the default (5%%, at least 10) of %i grants as %i", (grants, allowed) => {
    expect(maxDeletesAllowed(DEFAULT_MAX_DELETES, grants)).toBe(allowed);
    expect(maxDeletesAllowed({ kind: "percent", value: 5 }, grants)).toBe(Math.floor(grants / 20));
  });

  it("describes a limit as the messages show it", () => {
    expect(describeMaxDeletes({ kind: "count", value: 7 }, 100)).toBe("7");
    expect(describeMaxDeletes({ kind: "percent", value: 5 }, 40)).toBe("5% of the 40 current grants = 2");
    expect(describeMaxDeletes(DEFAULT_MAX_DELETES, 1)).toBe("5% of the 1 current grant = 0, at least 10");
    expect(isDefaultMaxDeletes(DEFAULT_MAX_DELETES)).toBe(true);
    expect(isDefaultMaxDeletes({ kind: "percent", value: 5 })).toBe(false);
  });

  it("refuses grants or limits that are not what the parser gives", () => {
    expect(() => maxDeletesAllowed({ kind: "percent", value: 5 }, -1)).toThrow(RangeError);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 5 }, 1.5)).toThrow(RangeError);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 101 }, 10)).toThrow(/from 0 to 100/);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 0.123456 }, 10)).toThrow(/at most 4 decimals/);
    expect(() => maxDeletesAllowed({ kind: "count", value: -1 }, 10)).toThrow(RangeError);
    expect(() => maxDeletesAllowed({ kind: "percent", value: 5, floor: 1.5 }, 10)).toThrow(/floor/);
  });
});
