import type { RetryOptions } from "@sgkit/core";
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import { onTestFinished } from "vitest";
import {
  createPermissionsClient,
  type PermissionsClient,
  type PermissionsClientOptions,
  type ReplaceRepositoryPermissionsResult,
} from "../../src/index.js";

/** The documentation's ids: repository 123 and user 456 (alice). */
export const REPO = 123;
export const OTHER_REPO = 124;
export const ALICE = 456;
export const BOB = 457;
export const CAROL = 458;
export const DAVE = 459;

/** Users 1000..1249 and repositories 2000..2249, for pagination over 250 grants. */
export const BULK_USERS = Array.from({ length: 250 }, (_, i) => 1000 + i);
export const BULK_REPOS = Array.from({ length: 250 }, (_, i) => 2000 + i);

export const READ = "REPO_PERMISSIONS#READ";
export const WRITE = "REPO_PERMISSIONS#WRITE";

/**
 * The instance every loopback test runs against: the documentation's repository 123 and user 456, a few more
 * users with different RBAC, one token per way of being refused (scope or RBAC, read or write), a legacy
 * `user:all` token, and bulk users and repositories for pagination. `extra` adds tokens (canaries).
 */
export function testSeed(extra: { tokens?: EmulatorSeed["tokens"] } = {}): EmulatorSeed {
  return {
    license: true,
    users: [
      { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
      { id: ALICE, username: "alice", email: "alice@example.com", rbac: [READ, WRITE] },
      { id: BOB, username: "bob", email: "bob@example.com" },
      // Emails are case-sensitive: `carol@example.com` is nobody.
      { id: CAROL, username: "carol", email: "Carol@Example.com" },
      { id: DAVE, username: "dave", email: "dave@example.com", rbac: [READ] },
      ...BULK_USERS.map((id) => ({ id, username: `user${id}`, email: `user${id}@example.com` })),
    ],
    repositories: [
      { id: REPO, name: "github.com/acme/api" },
      { id: OTHER_REPO, name: "github.com/acme/web" },
      { id: 125, name: "github.com/acme/docs" },
      ...BULK_REPOS.map((id) => ({ id, name: `github.com/bulk/repo${id}` })),
    ],
    tokens: [
      // Full access: both scopes, and a site admin holds both RBAC permissions.
      { name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] },
      // Scope refusals, on a user whose RBAC would allow everything.
      { name: "readScopeOnly", user: "admin", scopes: ["externalapi:read"] },
      { name: "writeScopeOnly", user: "admin", scopes: ["externalapi:write"] },
      // RBAC refusals, with both scopes: carol has no RBAC permission, dave only READ.
      { name: "noRbac", user: "carol", scopes: ["externalapi:read", "externalapi:write"] },
      { name: "readRbacOnly", user: "dave", scopes: ["externalapi:read", "externalapi:write"] },
      // Legacy token: accepted, audit-logged.
      { name: "userAll", user: "alice", scopes: ["user:all"] },
      ...(extra.tokens ?? []),
    ],
    permissions: [{ repository: OTHER_REPO, user: ALICE }],
  };
}

/** Starts an emulator on 127.0.0.1 for the current test, stopped when the test finishes. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ seed: testSeed(), ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/** Fast retries for tests: the same policy as the default, with millisecond backoff. */
export const FAST_RETRY: RetryOptions = { baseDelayMs: 1, maxDelayMs: 20 };

/**
 * A client of the emulator's HTTP API over real loopback HTTP, authenticated with the named seed token, unless
 * `options` gives a `token` or `credentials` of its own.
 */
export function clientFor(
  emulator: Emulator,
  tokenName = "admin",
  options: Omit<PermissionsClientOptions, "endpoint"> = {},
): PermissionsClient {
  const own = options.token !== undefined || options.credentials !== undefined;
  return createPermissionsClient({
    endpoint: emulator.url,
    ...(own ? {} : { token: emulator.token(tokenName) }),
    retry: FAST_RETRY,
    ...options,
  });
}

/** The explicit permissions of the emulator, as `repositories/R/explicitRepoPermissions/U` names, sorted. */
export function statePairs(emulator: Emulator): string[] {
  return emulator.state.permissions
    .pairs()
    .map(({ repositoryId, userId }) => `repositories/${repositoryId}/explicitRepoPermissions/${userId}`)
    .sort();
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but the call succeeded");
}

/** A replace's result: the lists given, every other list empty, and no interference unless given. */
export function replaceResult(
  lists: Partial<ReplaceRepositoryPermissionsResult> = {},
): ReplaceRepositoryPermissionsResult {
  return {
    created: [],
    deleted: [],
    unchanged: [],
    presentAfterRetry: [],
    absentAfterRetry: [],
    alreadyPresent: [],
    alreadyAbsent: [],
    interference: undefined,
    ...lists,
  };
}
