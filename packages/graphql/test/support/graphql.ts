import type { Emulator, EmulatorOptions, EmulatorSeed, SearchContextNamespace } from "@sgkit/emulator";
import {
  createGraphQLClient,
  encodeNodeId,
  type GraphQLClient,
  type GraphQLClientOptions,
} from "../../src/index.js";
import {
  ALICE,
  BOB,
  CAROL,
  DAVE,
  FAST_RETRY,
  OTHER_REPO,
  REPO,
  startTestEmulator,
  testSeed,
} from "./emulator.js";

/** The org of the GraphQL tests: alice and bob are members, dave and carol are not, nor is the site admin. */
export const ACME = 1;
export const ADMIN = 1;

/** Node IDs of the seed's objects, by relay's rule (the same encoding the emulator uses). */
export const ids = {
  repo: encodeNodeId("Repository", REPO),
  otherRepo: encodeNodeId("Repository", OTHER_REPO),
  docsRepo: encodeNodeId("Repository", 125),
  admin: encodeNodeId("User", ADMIN),
  alice: encodeNodeId("User", ALICE),
  bob: encodeNodeId("User", BOB),
  carol: encodeNodeId("User", CAROL),
  dave: encodeNodeId("User", DAVE),
  acme: encodeNodeId("Org", ACME),
};

/**
 * The seed of `./emulator.ts` (users admin, alice, bob, carol, dave and 250 bulk users; repositories
 * 123, 124, 125 and 250 bulk ones) with what GraphQL needs besides: the org `acme` (alice and bob), a token per
 * GraphQL role, and the sudo tokens. `extra.tokens` adds tokens (canaries).
 */
export function graphqlSeed(extra: { tokens?: EmulatorSeed["tokens"] } = {}): EmulatorSeed {
  const base = testSeed();
  return {
    ...base,
    orgs: [{ id: ACME, name: "acme", members: ["alice", "bob"] }],
    tokens: [
      ...(base.tokens ?? []),
      // GraphQL does not check scopes other than site-admin:sudo: any valid token acts as its user.
      { name: "alice", user: "alice", scopes: ["user:all"] },
      { name: "bob", user: "bob", scopes: ["user:all"] },
      { name: "dave", user: "dave", scopes: ["user:all"] },
      // The emulator's sudo-capable token: a site admin's, with site-admin:sudo.
      { name: "sudo", user: "admin", scopes: ["user:all", "site-admin:sudo"] },
      // The sudo scope on a non-admin's token: refused (403).
      { name: "bobSudo", user: "bob", scopes: ["user:all", "site-admin:sudo"] },
      ...(extra.tokens ?? []),
    ],
  };
}

/** Starts an emulator with {@link graphqlSeed} on 127.0.0.1 for the current test, stopped when it finishes. */
export function startGraphQLEmulator(
  options: EmulatorOptions & { tokens?: EmulatorSeed["tokens"] } = {},
): Promise<Emulator> {
  const { tokens, ...rest } = options;
  return startTestEmulator({ seed: graphqlSeed(tokens ? { tokens } : {}), ...rest });
}

/**
 * A GraphQL client of the emulator over loopback HTTP with the named seed token (`null`: anonymous), fast
 * retries, unless `options` says otherwise.
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

/** The GraphQL requests the emulator received, by operation name (`graphql:<name>`), without the prefix. */
export function graphqlCalls(emulator: Emulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emulator.counters.snapshot())
      .filter(([key]) => key.startsWith("graphql:"))
      .map(([key, count]) => [key.slice("graphql:".length), count]),
  );
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
