import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import { afterEach, expect } from "vitest";
import type { CliIo } from "../../src/cli/environment.js";
import { main } from "../../src/cli/main.js";
import {
  MIGRATION_ADMIN,
  migrationAdminToken,
  migrationEnv,
  migrationGraphqlToken,
} from "./migration-admin.js";

/** How {@link MigratorFixture.run} runs the CLI. */
export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly now?: () => number;
  readonly stop?: AbortSignal;
  readonly signal?: AbortSignal;
  readonly internal?: CliIo["internal"];
  /** Called with each piece of stderr as it is written. */
  readonly onStderr?: (text: string) => void;
}

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An emulator, a scratch directory, and the CLI pointed at both. */
export interface MigratorFixture {
  readonly emulator: Emulator;
  readonly dir: string;
  /** The runs' XDG_STATE_HOME, where apply keeps its lock: a folder of its own, beside `dir`. */
  readonly stateDir: string;
  /** Writes a file in the scratch directory and returns its path. */
  file(name: string, text: string | Buffer): Promise<string>;
  read(name: string): Promise<string>;
  /**
   * Runs `sgkit-migrate` in-process with the admin's tokens (`admin`, scoped, in SRC_ACCESS_TOKEN; `adminGraphql`,
   * user:all, in SRC_GRAPHQL_ACCESS_TOKEN), or `env` instead, and `stateDir` as
   * XDG_STATE_HOME (where apply's lock lives). `stop` and `signal` are the first and second Ctrl-C.
   */
  run(argv: readonly string[], options?: RunOptions): Promise<CliRun>;
  /** A repository's explicit ACL as usernames, sorted. */
  acl(repositoryId: number): string[];
  /** Creates and deletes the HTTP API received. */
  writes(): { create: number; delete: number };
}

/**
 * The instance of the migrator's end-to-end tests: an admin (with the HTTP API's RBAC permissions, a token with its
 * scopes, `admin`, and a user:all one for GraphQL, `adminGraphql`), alice, bob, carol, dave and erin, and five repositories (`github.com/acme/r1` … `r5`, ids 1–5)
 * with some grants already in place.
 */
export function smallSeed(overrides: Partial<EmulatorSeed> = {}): EmulatorSeed {
  const names = ["alice", "bob", "carol", "dave", "erin"];
  return {
    license: true,
    users: [
      MIGRATION_ADMIN,
      ...names.map((username, i) => ({ id: 10 + i, username, email: `${username}@example.com` })),
    ],
    repositories: [1, 2, 3, 4, 5].map((id) => ({ id, name: `github.com/acme/r${id}` })),
    tokens: [
      migrationAdminToken(),
      migrationGraphqlToken(),
      { name: "alice", user: "alice", scopes: ["externalapi:read", "externalapi:write"] },
      { name: "aliceAll", user: "alice", scopes: ["user:all"] },
      { name: "readOnly", user: "admin", scopes: ["externalapi:read"] },
    ],
    permissions: [
      { repository: 1, user: "alice" },
      { repository: 1, user: "bob" },
      { repository: 2, user: "carol" },
      { repository: 3, user: "alice" },
      { repository: 3, user: "dave" },
    ],
    ...overrides,
  };
}

/**
 * {@link smallSeed} with the values of the admin's two tokens given: `scoped` for `admin`, `userAll` for
 * `adminGraphql` (canaries, in the tests that no token is ever printed or written).
 */
export function smallSeedWithAdminTokens(scoped: string, userAll: string): EmulatorSeed {
  const base = smallSeed();
  return {
    ...base,
    tokens: [
      migrationAdminToken(scoped),
      migrationGraphqlToken(userAll),
      ...(base.tokens ?? []).filter((token) => token.name !== "admin" && token.name !== "adminGraphql"),
    ],
  };
}

/** Every {@link smallSeed} repository's ACL, by id: the whole state a restore or a rollback must bring back. */
export function aclSnapshot(fixture: MigratorFixture): Record<number, string[]> {
  const state: Record<number, string[]> = {};
  for (const id of [1, 2, 3, 4, 5]) state[id] = fixture.acl(id);
  return state;
}

/** Every (repository, user) pair the fixture's emulator was written at most once, each way. */
export function expectNoWriteTwice(fixture: MigratorFixture): void {
  const writes = fixture.emulator.writes;
  for (const { repositoryId, userId } of writes.entries()) {
    expect(writes.added(repositoryId, userId), `adds of ${repositoryId}/${userId}`).toBeLessThanOrEqual(1);
    expect(writes.removed(repositoryId, userId), `removes of ${repositoryId}/${userId}`).toBeLessThanOrEqual(
      1,
    );
  }
}

/** Starts a fixture per test (stopped and cleaned up after it). */
export function useMigratorFixture(): (options?: EmulatorOptions) => Promise<MigratorFixture> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  return async (options = {}) => {
    const emulator = await startEmulator({ seed: smallSeed(), ...options });
    const dir = await mkdtemp(join(tmpdir(), "sgkit-migrate-e2e-"));
    const stateDir = await mkdtemp(join(tmpdir(), "sgkit-migrate-state-"));
    cleanups.push(async () => {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
      await rm(stateDir, { recursive: true, force: true });
    });
    return {
      emulator,
      dir,
      stateDir,
      async file(name, text) {
        const path = join(dir, name);
        await writeFile(path, text);
        return path;
      },
      read: (name) => readFile(join(dir, name), "utf8"),
      async run(argv, runOptions = {}) {
        let stdout = "";
        let stderr = "";
        const status = await main(argv, {
          stdout: { write: (text: string) => (stdout += text) },
          stderr: {
            write: (text: string) => {
              stderr += text;
              runOptions.onStderr?.(text);
            },
          },
          env: runOptions.env
            ? { XDG_STATE_HOME: stateDir, ...runOptions.env }
            : { ...migrationEnv(emulator), XDG_STATE_HOME: stateDir },
          ...(runOptions.now ? { now: runOptions.now } : {}),
          ...(runOptions.stop ? { stop: runOptions.stop } : {}),
          ...(runOptions.signal ? { signal: runOptions.signal } : {}),
          ...(runOptions.internal ? { internal: runOptions.internal } : {}),
        });
        return { status, stdout, stderr };
      },
      acl(repositoryId) {
        const { ids } = emulator.state.permissions.usersOf(repositoryId);
        return ids.map((id) => emulator.state.users.byId(id)?.username ?? `#${id}`).sort();
      },
      writes: () => ({
        create: emulator.counters.get("CreateExplicitRepoPermission"),
        delete: emulator.counters.get("DeleteExplicitRepoPermission"),
      }),
    };
  };
}

/** A generated instance and the inputs that move it, for tests that need many operations. */
export interface GridInstance {
  readonly seed: EmulatorSeed;
  /** The desired ACLs as NDJSON records, one per repository. */
  readonly acls: string;
  /** The desired usernames of each repository id, sorted. */
  readonly desired: ReadonlyMap<number, readonly string[]>;
}

/**
 * `users` users (`u0`…, ids from 100) and `repositories` repositories (ids from 1, named `<prefix><r>`); user u
 * has a grant on repository r when `current(u, r)`, and the inputs want it when `desired(u, r)`. The admin's
 * tokens are `tokenValue` (`admin`, for `/api/`) and `graphqlTokenValue` (`adminGraphql`) when given (canaries, say).
 */
export function gridInstance(options: {
  users: number;
  repositories: number;
  prefix: string;
  current: (user: number, repository: number) => boolean;
  desired: (user: number, repository: number) => boolean;
  tokenValue?: string;
  graphqlTokenValue?: string;
}): GridInstance {
  const users = Array.from({ length: options.users }, (_, u) => ({ id: 100 + u, username: `u${u}` }));
  const repositories = Array.from({ length: options.repositories }, (_, r) => ({
    id: 1 + r,
    name: `${options.prefix}${r}`,
  }));
  const desired = new Map(
    repositories.map((repository, r) => [
      repository.id,
      users
        .filter((_, u) => options.desired(u, r))
        .map((user) => user.username)
        .sort(),
    ]),
  );
  return {
    seed: {
      license: true,
      users: [MIGRATION_ADMIN, ...users],
      repositories,
      permissions: repositories.flatMap((repository, r) =>
        users
          .filter((_, u) => options.current(u, r))
          .map((user) => ({ repository: repository.id, user: user.id })),
      ),
      tokens: [migrationAdminToken(options.tokenValue), migrationGraphqlToken(options.graphqlTokenValue)],
    },
    acls: repositories
      .map((repository) => JSON.stringify({ repository: repository.name, users: desired.get(repository.id) }))
      .join("\n"),
    desired,
  };
}
