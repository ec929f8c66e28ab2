import { onTestFinished } from "vitest";
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from "../../src/index.js";

/** The documentation's ids: repository 123 and user 456 (alice). */
export const REPO = 123;
export const OTHER_REPO = 124;
export const ALICE = 456;
export const BOB = 457;

/**
 * The instance of the documentation's examples: repository 123 and user 456 (alice, `alice@example.com`), one
 * more repository and user, alice granted the other repository, an admin token with both scopes and one with the
 * read scope only.
 */
export function documentedSeed(): EmulatorSeed {
  return {
    license: true,
    users: [
      { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
      { id: ALICE, username: "alice", email: "alice@example.com" },
      { id: BOB, username: "bob", email: "bob@example.com" },
    ],
    repositories: [
      { id: REPO, name: "github.com/acme/api" },
      { id: OTHER_REPO, name: "github.com/acme/web" },
    ],
    tokens: [
      { name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] },
      // A scope refusal, on a user whose RBAC would allow everything.
      { name: "readScopeOnly", user: "admin", scopes: ["externalapi:read"] },
    ],
    permissions: [{ repository: OTHER_REPO, user: ALICE }],
  };
}

/** Starts an emulator of {@link documentedSeed} on 127.0.0.1 for the current test, stopped when it finishes. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ seed: documentedSeed(), ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}
