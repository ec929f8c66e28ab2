import type { RetryOptions } from "@sgkit/core";
import {
  DOCUMENTED_IDS,
  documentedSeed,
  type Emulator,
  type EmulatorOptions,
  type EmulatorSeed,
  startEmulator,
} from "@sgkit/emulator";
import { onTestFinished } from "vitest";
import { emptyResult } from "../../src/client/replace-repository-permissions.js";
import {
  createPermissionsClient,
  type PermissionsClient,
  type PermissionsClientOptions,
  type ReplaceRepositoryPermissionsResult,
} from "../../src/index.js";

/** The documentation's ids (see `DOCUMENTED_IDS` of @sgkit/emulator): repository 123 and user 456 (alice). */
export const REPO = DOCUMENTED_IDS.repository;
export const OTHER_REPO = DOCUMENTED_IDS.otherRepository;
export const ALICE = DOCUMENTED_IDS.alice;
export const BOB = DOCUMENTED_IDS.bob;
export const CAROL = DOCUMENTED_IDS.carol;
export const DAVE = DOCUMENTED_IDS.dave;

/** Users 1000..1249 and repositories 2000..2249, for pagination over 250 grants. */
export const BULK_USERS = DOCUMENTED_IDS.bulkUsers;
export const BULK_REPOS = DOCUMENTED_IDS.bulkRepositories;

export const READ = "REPO_PERMISSIONS#READ";
export const WRITE = "REPO_PERMISSIONS#WRITE";

/**
 * The instance every loopback test runs against: the emulator's documented seed (the documentation's repository
 * 123 and user 456, users with different RBAC, one token per way of being refused, a legacy `user:all` token,
 * bulk users and repositories for pagination). `extra` adds tokens (canaries).
 */
export function testSeed(extra: { tokens?: EmulatorSeed["tokens"] } = {}): EmulatorSeed {
  return documentedSeed(extra);
}

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

export { rejectionOf } from "@sgkit/core/test";

/** A replace's result: the lists given, every other list empty, and no interference unless given. */
export function replaceResult(
  lists: Partial<ReplaceRepositoryPermissionsResult> = {},
): ReplaceRepositoryPermissionsResult {
  return { ...emptyResult(), ...lists };
}
