import type { ConnectionOptions } from "@sgkit/core";
import {
  DOCUMENTED_IDS,
  documentedSeed,
  type Emulator,
  type EmulatorOptions,
  type EmulatorSeed,
  startEmulator,
} from "@sgkit/emulator";
import { onTestFinished } from "vitest";
import { createSearchClient, type SearchClient } from "../../src/index.js";

const { repository: API, otherRepository: WEB, docsRepository: DOCS } = DOCUMENTED_IDS;

export { WEB };

const SECRETS = 126;

/**
 * Starts an emulator for the current test on 127.0.0.1, stopped when it finishes: the emulator's documented
 * instance with files to search in four repositories (api, web, docs unrestricted, and secrets), alice granted api
 * (minus its internal/ folder) and web, bob nothing, each with a token of their own and a private search context.
 * `extraTokens` adds tokens (canaries).
 */
export async function start(
  options: EmulatorOptions = {},
  extraTokens: NonNullable<EmulatorSeed["tokens"]> = [],
): Promise<Emulator> {
  const seed = documentedSeed({
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
      {
        id: DOCS,
        name: "github.com/acme/docs",
        unrestricted: true,
        files: { "README.md": "needle in docs\nneedle again in docs\n", "emoji.md": "😀 needle\n" },
      },
      { id: SECRETS, name: "github.com/acme/secrets", files: { "keys.txt": "needle in secrets\n" } },
    ],
    tokens: [
      { name: "alice", user: "alice", scopes: ["user:all"] },
      { name: "bob", user: "bob", scopes: ["user:all"] },
      ...extraTokens,
    ],
    // The documented instance grants alice web already.
    permissions: [{ repository: API, user: "alice" }],
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
  });
  const emulator = await startEmulator({ seed, ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/**
 * A search client of the emulator over loopback HTTP with the named seed token (none: anonymous) and millisecond
 * retry backoff, unless `options` says otherwise.
 */
export function clientFor(
  emulator: Emulator,
  tokenName?: string,
  options: Omit<ConnectionOptions, "endpoint"> = {},
): SearchClient {
  return createSearchClient({
    endpoint: emulator.url,
    ...(tokenName === undefined ? {} : { token: emulator.token(tokenName) }),
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...options,
  });
}

export { rejectionOf } from "@sgkit/core/test";
