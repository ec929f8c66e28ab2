import type { EmulatorSeed, SeedPermission } from "@sgkit/emulator";
import { MIGRATION_ADMIN, migrationAdminToken } from "../test/migration-admin.js";

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
      tokens: [migrationAdminToken()],
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
