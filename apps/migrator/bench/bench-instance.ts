import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { performance } from "node:perf_hooks";
import {
  type CapacityOptions,
  type Emulator,
  type EmulatorSeed,
  type SeedPermission,
  startEmulator,
} from "@sgkit/emulator";
import type { PlanTotals } from "../src/plan/plan-types.js";
import {
  MIGRATION_ADMIN,
  migrationAdminToken,
  migrationEnv,
  migrationGraphqlToken,
} from "../test/support/migration-admin.js";

// A generated instance: its seed, the desired ACLs as an input file, the emulator holding it, and the plan it
// must give.

/** The size of a generated instance. */
export interface BenchInstanceOptions {
  /** Repositories, each with one desired ACL record. */
  readonly repositories: number;
  /** Users in each desired ACL: `repositories × aclSize` desired entries in all. */
  readonly aclSize: number;
  /** Users of the instance; the ACLs are windows over them. */
  readonly users: number;
}

/** One desired ACL, as a legacy integration would set it. */
export interface DesiredAcl {
  readonly repository: string;
  readonly users: readonly string[];
}

/** What the plan of the instance must find, known from the generator, so the benchmark checks the migrator. */
export interface ExpectedPlan {
  readonly entries: number;
  readonly currentGrants: number;
  readonly changedRepositories: number;
  readonly create: number;
  readonly delete: number;
}

/** A generated instance: the emulator's seed, the desired ACLs, and the plan they must give. */
export interface BenchInstance {
  readonly seed: EmulatorSeed;
  /** The admin token's name in the seed. */
  readonly tokenName: string;
  /** Generated lazily, so that 1M entries never sit in memory as records. */
  desired(): Iterable<DesiredAcl>;
  readonly expected: ExpectedPlan;
}

/** Users a changed repository gains, loses, or (half and half) swaps: a typical legacy sync's churn. */
const CHURN = 10;
const FIRST_USER_ID = 100;

/**
 * How each repository's current ACL differs from its desired one, by position in a cycle of 20: most ACLs
 * unchanged (70%), some gaining users (15%), some losing users (10%), some changing hands (5%), so the plan is a
 * realistic mix rather than all creates.
 */
function churnOf(repositoryIndex: number): { missing: number; extra: number } {
  const slot = repositoryIndex % 20;
  if (slot < 14) return { missing: 0, extra: 0 };
  if (slot < 17) return { missing: CHURN, extra: 0 };
  if (slot < 19) return { missing: 0, extra: CHURN };
  return { missing: CHURN / 2, extra: CHURN / 2 };
}

/**
 * A deterministic instance whose desired ACLs hold `repositories × aclSize` entries: each repository's desired
 * ACL is a window of `aclSize` consecutive users (starting at a spread-out offset), and its current ACL is that
 * window minus its first `missing` users plus the `extra` users after it (see {@link churnOf}).
 */
export function createBenchInstance(options: BenchInstanceOptions): BenchInstance {
  const { repositories, aclSize, users } = options;
  if (aclSize + CHURN > users) throw new RangeError("aclSize plus the churn must fit in the users");
  const userId = (index: number): number => FIRST_USER_ID + (index % users);
  const windowStart = (repositoryIndex: number): number => (repositoryIndex * 7919) % users;
  const repositoryName = (repositoryIndex: number): string => `github.com/bench/repo-${repositoryIndex}`;

  const permissions: SeedPermission[] = [];
  let changedRepositories = 0;
  let create = 0;
  let remove = 0;
  for (let r = 0; r < repositories; r++) {
    const { missing, extra } = churnOf(r);
    const start = windowStart(r);
    for (let k = missing; k < aclSize + extra; k++)
      permissions.push({ repository: r + 1, user: userId(start + k) });
    if (missing + extra > 0) changedRepositories += 1;
    create += missing;
    remove += extra;
  }

  return {
    seed: {
      license: true,
      users: [
        MIGRATION_ADMIN,
        ...Array.from({ length: users }, (_, i) => ({ id: userId(i), username: `user${userId(i)}` })),
      ],
      repositories: Array.from({ length: repositories }, (_, r) => ({ id: r + 1, name: repositoryName(r) })),
      tokens: [migrationAdminToken(), migrationGraphqlToken()],
      permissions,
    },
    tokenName: migrationAdminToken().name,
    *desired() {
      for (let r = 0; r < repositories; r++) {
        const start = windowStart(r);
        yield {
          repository: repositoryName(r),
          users: Array.from({ length: aclSize }, (_, k) => `user${userId(start + k)}`),
        };
      }
    },
    expected: {
      entries: repositories * aclSize,
      currentGrants: permissions.length,
      changedRepositories,
      create,
      delete: remove,
    },
  };
}

/**
 * Writes the desired ACLs as an NDJSON input file (`{"repository", "users"}` per line), streaming with the
 * stream's backpressure so that a 1M-entry file never sits in memory. Resolves with the file's size in bytes.
 */
export async function writeAclFile(path: string, acls: Iterable<DesiredAcl>): Promise<number> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  for (const acl of acls) {
    if (!out.write(`${JSON.stringify(acl)}\n`)) await Promise.race([once(out, "drain"), failed]);
  }
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  return out.bytesWritten;
}

/** A running emulator holding a bench instance, and the environment that points the migrator at it. */
export interface BenchEmulator {
  readonly emulator: Emulator;
  /** SRC_ENDPOINT, SRC_ACCESS_TOKEN and SRC_GRAPHQL_ACCESS_TOKEN (the instance's admin tokens). */
  readonly env: Readonly<Record<string, string>>;
  /** How long loading the seed took: reported, never counted in the migrator's numbers. */
  readonly seedMs: number;
}

/**
 * Starts the emulator on this process's thread with the instance's seed, no faults, and the capacity model when
 * given (off otherwise, so that a plan measures the migrator rather than a simulated database).
 */
export async function startBenchEmulator(
  instance: BenchInstance,
  capacity?: CapacityOptions,
): Promise<BenchEmulator> {
  const started = performance.now();
  const emulator = await startEmulator({ seed: instance.seed, ...(capacity ? { capacity } : {}) });
  return {
    emulator,
    env: migrationEnv(emulator),
    seedMs: performance.now() - started,
  };
}

/** The totals `plan --json` prints: the plan file's own type. */
export type { PlanTotals };

/**
 * Throws unless the plan found exactly the changes the generator made: a fast but wrong plan must not be
 * reported as a result.
 */
export function checkPlanTotals(totals: PlanTotals, expected: ExpectedPlan): void {
  const unchanged = expected.entries - expected.create;
  const mismatches = [
    ["changed repositories", totals.changed, expected.changedRepositories],
    ["creates", totals.create, expected.create],
    ["deletes", totals.delete, expected.delete],
    ["unchanged", totals.unchanged, unchanged],
    ["current grants", totals.currentGrants, expected.currentGrants],
  ].filter(([, found, wanted]) => found !== wanted);
  if (mismatches.length > 0) {
    throw new Error(
      `the plan does not match the generated instance: ${mismatches
        .map(([what, found, wanted]) => `${what} ${found}, expected ${wanted}`)
        .join("; ")}`,
    );
  }
}
