import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCanaryToken, findSecret } from "../canary.js";
import type { DebugEvent } from "../http/debug.js";
import { createOAuthCredentials, refreshTokenGrant } from "./oauth.js";
import { createSudoCredentials } from "./sudo.js";
import { createTokenCredentials, tokenFromEnv } from "./token.js";
import { tokenFromFile } from "./token-from-file.js";

/**
 * A token that no redaction pattern recognizes and nobody registered beforehand, as OAuth providers issue:
 * only the credentials code registering it keeps it out of output.
 */
function opaqueCanary(): string {
  return `opaque${crypto.randomUUID().replaceAll("-", "")}`;
}

async function failure(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("no token reaches errors or debug events", () => {
  const ORIGIN = "https://sourcegraph.example.com";
  let dir: string;
  let events: DebugEvent[];
  const onDebug = (event: DebugEvent) => events.push(event);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sgkit-canary-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    events = [];
    nock.disableNetConnect();
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    ["an sgp_ token", createCanaryToken],
    ["an opaque token", opaqueCanary],
  ])("in token sources, with %s", async (_kind, canary) => {
    const token = canary();
    const file = join(dir, `token-${token.slice(-8)}`);
    await writeFile(file, `${token}\n${token}\n`);
    const empty = join(dir, "empty");
    await writeFile(empty, "");
    const errors = [
      await failure(() => tokenFromEnv("SRC_ACCESS_TOKEN", { SRC_ACCESS_TOKEN: `${token} extra` })),
      await failure(() => tokenFromEnv("SRC_ACCESS_TOKEN", { SRC_ACCESS_TOKEN: `${token}\u0000` })),
      await failure(() => tokenFromFile(file)),
      await failure(() => tokenFromFile(empty)),
      await failure(() => createTokenCredentials(`${token}\r\nX-Injected: 1`)),
    ];
    expect(findSecret(token, ...errors)).toBeUndefined();
  });

  it.each([
    ["an sgp_ token", createCanaryToken],
    ["an opaque token", opaqueCanary],
  ])("in token and sudo credentials, with %s", async (_kind, canary) => {
    const token = canary();
    const sudo = createSudoCredentials({ token, user: "alice" });
    const errors = [
      await failure(() => createSudoCredentials({ token, user: 'alice",token="x' })),
      await failure(() => createSudoCredentials({ token, user: "alice\r\n" })),
      await failure(() => createSudoCredentials({ token: `${token}"`, user: "alice" })),
      await failure(() => sudo.authorization("http-api")),
    ];
    expect(findSecret(token, ...errors, sudo, createTokenCredentials(token))).toBeUndefined();
  });

  it("in OAuth refresh failures of a refresh function", async () => {
    const access = opaqueCanary();
    const refresh = opaqueCanary();
    const rotated = opaqueCanary();
    const throwing = createOAuthCredentials({
      accessToken: access,
      refreshToken: refresh,
      expiresAt: 0,
      refresh: async (current) => {
        throw new Error(`refresh ${current.refreshToken} for ${current.accessToken} refused`, {
          cause: new Error(`Authorization: Bearer ${current.accessToken}`),
        });
      },
    });
    const malformed = createOAuthCredentials({
      accessToken: access,
      refresh: async () => ({ accessToken: `${rotated} ${rotated}` }),
    });
    const errors = [
      await failure(() => throwing.authorization("graphql", { onDebug })),
      await failure(() => throwing.refresh(`Bearer ${access}`, { onDebug })),
      await failure(() => malformed.refresh(`Bearer ${access}`, { onDebug })),
    ];
    expect(events.filter((event) => event.type === "refresh" && !event.ok)).toHaveLength(3);
    for (const secret of [access, refresh, rotated]) {
      expect(findSecret(secret, ...errors, events, throwing, malformed)).toBeUndefined();
    }
  });

  it("in OAuth refresh failures at a token endpoint", async () => {
    const access = opaqueCanary();
    const refresh = opaqueCanary();
    const clientSecret = opaqueCanary();
    const issued = opaqueCanary();
    nock(ORIGIN)
      .post("/oauth/token")
      .reply(400, {
        error: "invalid_grant",
        error_description: `refresh token ${refresh} of client secret ${clientSecret} is revoked`,
      })
      .post("/oauth/token")
      .reply(200, { access_token: `${issued}\n${issued}`, refresh_token: issued, token_type: "Bearer" })
      .post("/oauth/token")
      .replyWithError(`socket hang up while sending ${refresh}`);
    const credentials = createOAuthCredentials({
      accessToken: access,
      refreshToken: refresh,
      expiresAt: 0,
      tokenUrl: `${ORIGIN}/oauth/token`,
      clientId: "sgkit",
      clientSecret,
    });
    const errors = [
      await failure(() => credentials.authorization("graphql", { onDebug })),
      await failure(() => credentials.refresh(`Bearer ${access}`, { onDebug })),
      await failure(() => credentials.authorization("search", { onDebug })),
    ];
    expect(errors.map((error) => (error as { name: string }).name)).toEqual(
      Array(3).fill("OAuthRefreshError"),
    );
    for (const secret of [access, refresh, clientSecret, issued]) {
      expect(findSecret(secret, ...errors, events, credentials)).toBeUndefined();
    }
  });

  it("in a failed refresh_token grant called directly", async () => {
    const refresh = opaqueCanary();
    const clientSecret = opaqueCanary();
    nock(ORIGIN).post("/oauth/token").reply(401, `bad client secret ${clientSecret} for ${refresh}`);
    const error = await failure(() =>
      refreshTokenGrant({
        tokenUrl: `${ORIGIN}/oauth/token`,
        clientId: "c",
        clientSecret,
        refreshToken: refresh,
      }),
    );
    expect(findSecret(refresh, error)).toBeUndefined();
    expect(findSecret(clientSecret, error)).toBeUndefined();
  });
});
