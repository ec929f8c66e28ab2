// The token a client uses never appears in anything it throws or reports, whatever the real server answered.
// Canary tokens are seeded into the emulator, so they are real, working credentials. No nock in this file.
import { type Credentials, type DebugEvent, SourcegraphError } from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import type { FaultOptions, SeedToken } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import type { PermissionsClient } from "../src/index.js";
import { ALICE, clientFor, OTHER_REPO, REPO, startTestEmulator, testSeed } from "./support/emulator.js";

describe("canary: the token never appears in an error", () => {
  it("in any refusal or failure of a working token, nor in the debug events", async () => {
    const full = createCanaryToken();
    const readOnly = createCanaryToken();
    const emulator = await startTestEmulatorWith([
      { name: "canaryFull", user: "admin", scopes: ["externalapi:read", "externalapi:write"], value: full },
      {
        name: "canaryDave",
        user: "dave",
        scopes: ["externalapi:read", "externalapi:write"],
        value: readOnly,
      },
    ]);
    const events: DebugEvent[] = [];
    const onDebug = (event: DebugEvent) => events.push(event);
    const client = clientFor(emulator, "canaryFull", { onDebug });
    const dave = clientFor(emulator, "canaryDave", { onDebug });

    const errors: unknown[] = [];
    const expectError = async (promise: Promise<unknown> | (() => unknown), code: string) => {
      let error: unknown;
      try {
        await (typeof promise === "function" ? promise() : promise);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SourcegraphError);
      expect(error).toMatchObject({ code });
      errors.push(error);
    };

    await expectError(client.get(`repositories/${REPO}/explicitRepoPermissions/${ALICE}`), "not_found");
    await expectError(client.create({ repository: OTHER_REPO, user: ALICE }), "already_exists");
    await expectError(dave.grant(REPO, ALICE), "permission_denied");
    await expectError(
      client.listPage({ parent: `repositories/${REPO}`, pageToken: full }),
      "invalid_argument",
    );
    // The token pasted where a user belongs: refused before sending, and the error quotes the value redacted.
    await expectError(() => client.grant(REPO, full), "invalid_argument");
    // As a username it is well-formed, so it is sent; the server's answer names it, and the error must not.
    await expectError(client.get(`repositories/${REPO}/explicitRepoPermissions/@${full}`), "not_found");
    emulator.state.license = false;
    await expectError(client.revoke(OTHER_REPO, ALICE), "failed_precondition");
    emulator.state.license = true;
    await emulator.stop();
    await expectError(
      clientFor(emulator, "canaryFull", { onDebug, retry: false }).grant(REPO, ALICE),
      "unavailable",
    );

    expect(errors).toHaveLength(8);
    expect(events.length).toBeGreaterThan(0);
    expect(findSecret(full, ...errors, ...events)).toBeUndefined();
    expect(findSecret(readOnly, ...errors, ...events)).toBeUndefined();
  });

  it("when the server refuses the token itself, as an unknown token or in the `token X` form", async () => {
    const known = createCanaryToken();
    const unknown = createCanaryToken();
    const emulator = await startTestEmulatorWith([
      { name: "canary", user: "admin", scopes: ["externalapi:read", "externalapi:write"], value: known },
    ]);
    const events: DebugEvent[] = [];
    const onDebug = (event: DebugEvent) => events.push(event);
    const legacyForm: Credentials = { type: "token", authorization: async () => `token ${known}` };
    const calls: Array<[PermissionsClient, (c: PermissionsClient) => Promise<unknown>]> = [];
    for (const c of [
      clientFor(emulator, "canary", { token: unknown, onDebug }),
      clientFor(emulator, "canary", { credentials: legacyForm, onDebug }),
    ]) {
      calls.push([c, (x) => x.grant(REPO, ALICE)], [c, (x) => x.listPage({ parent: "users/@alice" })]);
    }
    const errors: unknown[] = [];
    for (const [c, call] of calls) {
      const error = await call(c).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "AuthenticationError", code: "unauthenticated" });
      errors.push(error);
    }
    expect(findSecret(known, ...errors, ...events)).toBeUndefined();
    expect(findSecret(unknown, ...errors, ...events)).toBeUndefined();
  });

  it("when faults cut connections and every retry fails", async () => {
    const token = createCanaryToken();
    const emulator = await startTestEmulatorWith(
      [{ name: "canary", user: "admin", scopes: ["externalapi:read", "externalapi:write"], value: token }],
      { rate: 1, kinds: { reset: 1, lostAnswer: 1, unavailable: 1, rateLimited: 1 }, retryAfterSeconds: 0 },
    );
    const client = clientFor(emulator, "canary", {
      retry: { maxAttempts: 3, budget: false, baseDelayMs: 1 },
    });
    const errors = [
      await client.grant(REPO, ALICE).catch((e: unknown) => e),
      await client.revoke(OTHER_REPO, ALICE).catch((e: unknown) => e),
      await client
        .get(`repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`)
        .catch((e: unknown) => e),
    ];
    for (const error of errors) expect(error).toBeInstanceOf(SourcegraphError);
    expect(findSecret(token, ...errors)).toBeUndefined();
  });
});

/** An emulator whose seed also holds `tokens`. */
function startTestEmulatorWith(tokens: SeedToken[], faults?: FaultOptions) {
  return startTestEmulator({ seed: testSeed({ tokens }), ...(faults ? { faults } : {}) });
}
