import type { ConnectionOptions, RetryOptions } from "@sgkit/core";
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import { onTestFinished } from "vitest";
import { createSearchClient, type SearchClient } from "../../src/index.js";

const API = 101;
export const WEB = 102;
const SECRETS = 103;
const DOCS = 104;

/**
 * The instance of the search tests: files to search in four repositories (docs unrestricted), alice granted api
 * (minus its internal/ folder) and web, bob nothing, and a private search context each. `extraTokens` adds
 * tokens (canaries).
 */
export function searchSeed(extraTokens: NonNullable<EmulatorSeed["tokens"]> = []): EmulatorSeed {
  return {
    license: true,
    users: [
      { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
      { id: 2, username: "alice", email: "alice@example.com" },
      { id: 3, username: "bob", email: "bob@example.com" },
    ],
    repositories: [
      {
        id: API,
        name: "github.com/acme/api",
        files: {
          "main.go": "package main\n// needle in api\nfunc main() {}\n",
          "internal/secret.go": "func leak() {}\n// needle internal\n",
        },
      },
      {
        id: WEB,
        name: "github.com/acme/web",
        files: { "index.ts": "// needle in web\nexport function greet() {}\n" },
      },
      { id: SECRETS, name: "github.com/acme/secrets", files: { "keys.txt": "needle in secrets\n" } },
      {
        id: DOCS,
        name: "github.com/acme/docs",
        unrestricted: true,
        files: { "README.md": "needle in docs\nneedle again in docs\n", "emoji.md": "😀 needle\n" },
      },
    ],
    tokens: [
      { name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] },
      { name: "alice", user: "alice", scopes: ["user:all"] },
      { name: "bob", user: "bob", scopes: ["user:all"] },
      ...extraTokens,
    ],
    permissions: [
      { repository: API, user: "alice" },
      { repository: WEB, user: "alice" },
    ],
    subRepoPermissions: [{ repository: API, user: "alice", paths: ["/**", "-/internal/**"] }],
    searchContexts: [
      {
        name: "frontend",
        namespace: "alice",
        public: false,
        repositories: [{ repository: "github.com/acme/web", revisions: ["main"] }],
      },
      {
        name: "private",
        namespace: "bob",
        public: false,
        repositories: [{ repository: "github.com/acme/api", revisions: ["main"] }],
      },
    ],
  };
}

/** Starts an emulator of {@link searchSeed} on 127.0.0.1 for the current test, stopped when it finishes. */
export async function start(
  options: EmulatorOptions = {},
  extraTokens: NonNullable<EmulatorSeed["tokens"]> = [],
): Promise<Emulator> {
  const emulator = await startEmulator({ seed: searchSeed(extraTokens), ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/** Fast retries for tests: the same policy as the default, with millisecond backoff. */
export const FAST_RETRY: RetryOptions = { baseDelayMs: 1, maxDelayMs: 20 };

/**
 * A search client of the emulator over loopback HTTP with the named seed token (none: anonymous) and fast retries,
 * unless `options` says otherwise.
 */
export function clientFor(
  emulator: Emulator,
  tokenName?: string,
  options: Omit<ConnectionOptions, "endpoint"> = {},
): SearchClient {
  return createSearchClient({
    endpoint: emulator.url,
    ...(tokenName === undefined ? {} : { token: emulator.token(tokenName) }),
    retry: FAST_RETRY,
    ...options,
  });
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
