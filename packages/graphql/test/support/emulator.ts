// The helpers of this package's tests against the emulator's GraphQL API over loopback HTTP: the instance (the
// emulator's documented one, plus what GraphQL needs), a client of it, and what to read back from it.
import {
  DOCUMENTED_IDS,
  documentedSeed,
  type Emulator,
  type EmulatorOptions,
  type EmulatorSeed,
  type SearchContextNamespace,
  startEmulator,
} from "@sgkit/emulator";
import { onTestFinished } from "vitest";
import {
  createGraphQLClient,
  encodeNodeId,
  type GraphQLClient,
  type GraphQLClientOptions,
} from "../../src/index.js";

/** The documentation's ids (repository 123, user 456 alice), their neighbours, and the bulk ones. */
export const {
  repository: REPO,
  otherRepository: OTHER_REPO,
  alice: ALICE,
  bob: BOB,
  carol: CAROL,
  dave: DAVE,
  bulkUsers: BULK_USERS,
  bulkRepositories: BULK_REPOS,
} = DOCUMENTED_IDS;

/** The org of the GraphQL tests: alice and bob are members, dave and carol are not, nor is the site admin. */
const ACME = 1;

/** Node IDs of the seed's objects, by relay's rule (the same encoding the emulator uses). */
export const ids = {
  repo: encodeNodeId("Repository", REPO),
  otherRepo: encodeNodeId("Repository", OTHER_REPO),
  docsRepo: encodeNodeId("Repository", DOCUMENTED_IDS.docsRepository),
  admin: encodeNodeId("User", DOCUMENTED_IDS.admin),
  alice: encodeNodeId("User", ALICE),
  bob: encodeNodeId("User", BOB),
  carol: encodeNodeId("User", CAROL),
  dave: encodeNodeId("User", DAVE),
  acme: encodeNodeId("Org", ACME),
};

/**
 * Starts an emulator for the current test on 127.0.0.1, stopped when the test finishes: the emulator's documented
 * instance (users admin, alice, bob, carol, dave and 250 bulk users; repositories 123, 124, 125 and 250 bulk
 * ones) with what GraphQL needs besides: the org `acme` (alice and bob), a token per GraphQL viewer, and the sudo
 * tokens. `tokens` adds tokens (canaries).
 */
export async function startGraphQLEmulator(
  options: EmulatorOptions & { tokens?: EmulatorSeed["tokens"] } = {},
): Promise<Emulator> {
  const { tokens = [], ...rest } = options;
  const seed = documentedSeed({
    orgs: [{ id: ACME, name: "acme", members: ["alice", "bob"] }],
    tokens: [
      // An OAuth token, so that it also works as `Bearer` (a personal access token sent so is anonymous).
      { name: "alice", user: "alice", scopes: ["user:all"], kind: "oauth" },
      { name: "bob", user: "bob", scopes: ["user:all"] },
      { name: "dave", user: "dave", scopes: ["user:all"] },
      // The emulator's sudo-capable token: a site admin's, with site-admin:sudo.
      { name: "sudo", user: "admin", scopes: ["user:all", "site-admin:sudo"] },
      // The sudo scope on a non-admin's token: refused (403).
      { name: "bobSudo", user: "bob", scopes: ["user:all", "site-admin:sudo"] },
      ...tokens,
    ],
  });
  const emulator = await startEmulator({ seed, ...rest });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/**
 * A GraphQL client of the emulator over loopback HTTP with the named seed token (`null`: anonymous) and
 * millisecond retry backoff, unless `options` says otherwise.
 */
export function graphqlFor(
  emulator: Emulator,
  tokenName: string | null = "admin",
  options: Omit<GraphQLClientOptions, "endpoint"> = {},
): GraphQLClient {
  const own = options.token !== undefined || options.credentials !== undefined;
  return createGraphQLClient({
    endpoint: emulator.url,
    ...(own || tokenName === null ? {} : { token: emulator.token(tokenName) }),
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...options,
  });
}

/** The GraphQL requests the emulator received, by operation name (`graphql:<name>`), without the prefix. */
export function graphqlCalls(emulator: Emulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emulator.counters.snapshot())
      .filter(([key]) => key.startsWith("graphql:"))
      .map(([key, count]) => [key.slice("graphql:".length), count]),
  );
}

/** The explicit permissions of the emulator, as `repositories/R/explicitRepoPermissions/U` names, sorted. */
export function statePairs(emulator: Emulator): string[] {
  return emulator.state.permissions
    .pairs()
    .map(({ repositoryId, userId }) => `repositories/${repositoryId}/explicitRepoPermissions/${userId}`)
    .sort();
}

/** Every item of an async iterable, in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The rejection of `promise`, or of calling `run` (fails the test when it resolves). */
export async function failureOf(run: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof run === "function" ? run() : run);
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but the call succeeded");
}

/** Where a context of the visibility tests lives. */
export type NamespaceKind = "user" | "org" | "global";

/** The emulator's namespace of a kind: alice's, acme's, or the global one. */
export function namespaceOf(kind: NamespaceKind): SearchContextNamespace {
  if (kind === "user") return { kind: "user", id: ALICE };
  if (kind === "org") return { kind: "org", id: ACME };
  return null;
}

/** A context's spec in the namespace of a kind (alice's, acme's or global). */
export function specOf(kind: NamespaceKind, name: string): string {
  if (kind === "user") return `@alice/${name}`;
  if (kind === "org") return `@acme/${name}`;
  return name;
}
