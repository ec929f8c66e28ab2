import type { EmulatorSeed, SeedPermission } from "@sgkit/emulator";

/** The sample instance and the legacy ACLs of the demo. */
export interface DemoInstance {
  readonly seed: EmulatorSeed;
  /** NDJSON records `{"repository": name, "users": [usernames]}`: what a legacy integration would set. */
  readonly acls: string;
}

/** The sizes of the sample instance. */
export interface DemoSizes {
  readonly repositories: number;
  readonly users: number;
  /** Explicit grants per repository already in place, on average. */
  readonly grantsPerRepository: number;
}

export const DEMO_SIZES: DemoSizes = { repositories: 300, users: 3000, grantsPerRepository: 10 };

/**
 * A deterministic sample instance (a site admin whose token has the HTTP API's scopes and `user:all`, which
 * GraphQL needs, for the migrator resolves names there; users, repositories, some
 * grants already in place) and the ACLs a legacy integration holds for 250 of its repositories: most already
 * match, some gain users, a few lose one, a few repositories are new to explicit permissions.
 */
export function demoInstance(sizes: DemoSizes = DEMO_SIZES): DemoInstance {
  const random = mulberry32(20261123);
  const pick = (n: number): number => Math.floor(random() * n);
  const users = Array.from({ length: sizes.users }, (_, i) => ({
    id: i + 2,
    username: `user${String(i + 1).padStart(4, "0")}`,
    email: `user${i + 1}@example.com`,
  }));
  const repositories = Array.from({ length: sizes.repositories }, (_, i) => ({
    id: i + 1,
    name: `github.com/acme/service-${String(i + 1).padStart(3, "0")}`,
  }));
  const current = repositories.map((repository) => {
    const acl = new Set<number>();
    if (repository.id % 10 !== 0) {
      const size = 1 + pick(sizes.grantsPerRepository * 2);
      while (acl.size < size) acl.add((users[pick(users.length)] as (typeof users)[number]).id);
    }
    return acl;
  });
  const permissions: SeedPermission[] = current.flatMap((acl, i) =>
    [...acl].map((user) => ({ repository: (repositories[i] as (typeof repositories)[number]).id, user })),
  );
  const username = new Map(users.map((user) => [user.id, user.username]));
  const lines: string[] = [];
  for (const [i, repository] of repositories.entries()) {
    if (i >= 250) break;
    const desired = new Set(current[i]);
    const roll = random();
    if (roll < 0.25)
      for (let k = 0; k < 1 + pick(4); k++)
        desired.add((users[pick(users.length)] as (typeof users)[number]).id);
    else if (roll < 0.3 && desired.size > 1) desired.delete([...desired][0] as number);
    lines.push(
      JSON.stringify({ repository: repository.name, users: [...desired].map((id) => username.get(id)) }),
    );
  }
  return {
    seed: {
      license: true,
      users: [
        {
          id: 1,
          username: "admin",
          email: "admin@example.com",
          siteAdmin: true,
          rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"],
        },
        ...users,
      ],
      repositories,
      tokens: [
        { name: "admin", user: "admin", scopes: ["user:all", "externalapi:read", "externalapi:write"] },
      ],
      permissions,
    },
    acls: `${lines.join("\n")}\n`,
  };
}

/** A small seeded PRNG, so that every run of the demo shows the same instance. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
