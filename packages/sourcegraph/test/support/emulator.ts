import type { ConnectionOptions, RetryOptions } from "@sgkit/core";
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import { encodeNodeId } from "@sgkit/graphql";
import { onTestFinished } from "vitest";
import { createSourcegraph, type Sourcegraph } from "../../src/index.js";

/** The documentation's ids: repository 123 and user 456 (alice). */
export const REPO = 123;
export const OTHER_REPO = 124;
/** A repository with a file to search, granted to nobody. */
export const SECRETS = 126;
export const ALICE = 456;
export const BOB = 457;
export const DAVE = 459;

/** Users 1000..1059, for replaces over several pages. */
export const BULK_USERS = Array.from({ length: 60 }, (_, i) => 1000 + i);

/** Node IDs of the seed's repositories, by relay's rule (the same encoding the emulator uses). */
export const ids = {
  repo: encodeNodeId("Repository", REPO),
  otherRepo: encodeNodeId("Repository", OTHER_REPO),
};

/**
 * The instance behind every API at once: the documentation's repository 123 and user 456 (alice, granted 124),
 * bob and dave, bulk users, a repository with a file for search, an admin token with both scopes of the HTTP API
 * (GraphQL and search accept any valid token), and bob's own token.
 */
export function testSeed(): EmulatorSeed {
  return {
    license: true,
    users: [
      { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
      { id: ALICE, username: "alice", email: "alice@example.com" },
      { id: BOB, username: "bob", email: "bob@example.com" },
      { id: DAVE, username: "dave", email: "dave@example.com" },
      ...BULK_USERS.map((id) => ({ id, username: `user${id}`, email: `user${id}@example.com` })),
    ],
    repositories: [
      { id: REPO, name: "github.com/acme/api" },
      { id: OTHER_REPO, name: "github.com/acme/web" },
      { id: 125, name: "github.com/acme/docs" },
      { id: SECRETS, name: "github.com/acme/secrets", files: { "keys.txt": "needle in secrets\n" } },
    ],
    tokens: [
      { name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] },
      { name: "bob", user: "bob", scopes: ["user:all"] },
    ],
    permissions: [{ repository: OTHER_REPO, user: ALICE }],
  };
}

/** Starts an emulator of {@link testSeed} on 127.0.0.1 for the current test, stopped when it finishes. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ seed: testSeed(), ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/** Fast retries for tests: the same policy as the default, with millisecond backoff. */
export const FAST_RETRY: RetryOptions = { baseDelayMs: 1, maxDelayMs: 20 };

/**
 * The three clients of the emulator over loopback HTTP on one connection, with the named seed token and fast
 * retries, unless `options` says otherwise.
 */
export function sourcegraphFor(
  emulator: Emulator,
  tokenName = "admin",
  options: Omit<ConnectionOptions, "endpoint"> = {},
): Sourcegraph {
  return createSourcegraph({
    endpoint: emulator.url,
    token: emulator.token(tokenName),
    retry: FAST_RETRY,
    ...options,
  });
}

/** Every item of an async iterable, in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
