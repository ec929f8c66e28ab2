import type { ConnectionOptions } from "@sgkit/core";
import {
  DOCUMENTED_IDS,
  documentedSeed,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "@sgkit/emulator";
import { encodeNodeId } from "@sgkit/graphql";
import { onTestFinished } from "vitest";
import { createSourcegraph, type Sourcegraph } from "../../src/index.js";

/** The documentation's ids (repository 123, user 456 alice), their neighbours, and the bulk users. */
export const {
  repository: REPO,
  otherRepository: OTHER_REPO,
  alice: ALICE,
  bob: BOB,
  dave: DAVE,
  bulkUsers: BULK_USERS,
} = DOCUMENTED_IDS;
/** A repository with a file to search, granted to nobody. */
export const SECRETS = 126;

/** Node IDs of the seed's repositories, by relay's rule (the same encoding the emulator uses). */
export const ids = {
  repo: encodeNodeId("Repository", REPO),
  otherRepo: encodeNodeId("Repository", OTHER_REPO),
};

/**
 * Starts an emulator behind every API at once for the current test on 127.0.0.1, stopped when it finishes: the
 * emulator's documented instance (repository 123, user 456 alice granted 124, bob, dave, bulk users, an admin
 * token with the scopes of every API) with a repository whose file search finds, and bob's own token.
 */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = documentedSeed({
    repositories: [
      { id: SECRETS, name: "github.com/acme/secrets", files: { "keys.txt": "needle in secrets\n" } },
    ],
    tokens: [{ name: "bob", user: "bob", scopes: ["user:all"] }],
  });
  const emulator = await startEmulator({ seed, ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/**
 * The three clients of the emulator over loopback HTTP on one connection, with the named seed token and
 * millisecond retry backoff, unless `options` says otherwise.
 */
export function sourcegraphFor(
  emulator: Emulator,
  tokenName = "admin",
  options: Omit<ConnectionOptions, "endpoint"> = {},
): Sourcegraph {
  return createSourcegraph({
    endpoint: emulator.url,
    token: emulator.token(tokenName),
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...options,
  });
}

/** Every item of an async iterable, in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
