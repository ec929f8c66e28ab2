import {
  AuthenticationError,
  type Credentials,
  createOAuthCredentials,
  type DebugEvent,
  OAuthRefreshError,
} from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { describe, expect, it, vi } from "vitest";
import { sampleEmulator, wire } from "../../test/support/sample-emulator.js";
import { createPermissionsClient, type PermissionsClientOptions } from "./create-permissions-client.js";

const NAME = "repositories/123/explicitRepoPermissions/456";

/** Credentials that hand out `tokens` in turn, one more each time `refresh` is called. */
function rotating(tokens: string[], refreshResult = true) {
  let current = 0;
  const refresh = vi.fn(async (_rejected: string) => {
    if (refreshResult) current = Math.min(current + 1, tokens.length - 1);
    return refreshResult;
  });
  const credentials: Credentials = {
    type: "oauth",
    authorization: async (api) => {
      expect(api).toBe("http-api");
      return `Bearer ${tokens[current]}`;
    },
    refresh,
  };
  return { credentials, refresh };
}

/** A client of an emulator that accepts only `accepted`, with the token or credentials of `options`. */
async function setup(accepted: string[], options: Partial<PermissionsClientOptions>) {
  const emulator = await sampleEmulator({ tokens: accepted });
  const server = wire(emulator);
  const client = createPermissionsClient({ endpoint: emulator.url, fetch: server.fetch, ...options });
  return { server, client };
}

describe("authorization", () => {
  it("sends the credentials' Bearer value on every call", async () => {
    const { server, client } = await setup(["good"], { token: "good", retry: false });
    await client.get(NAME);
    await client.grant(123, "@bob");
    expect(server.calls.map((call) => call.authorization)).toEqual(["Bearer good", "Bearer good"]);
  });

  it("after unauthenticated, refreshes once with the rejected value and retries once", async () => {
    const { credentials, refresh } = rotating(["stale", "fresh"]);
    const { server, client } = await setup(["fresh"], { credentials, retry: false });
    await expect(client.grant(123, "@bob")).resolves.toMatchObject({ changed: true });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh.mock.calls[0]?.[0]).toBe("Bearer stale");
    expect(server.calls.map((call) => call.authorization)).toEqual(["Bearer stale", "Bearer fresh"]);
  });

  it("a second unauthenticated is final: one refresh, two attempts, an AuthenticationError", async () => {
    const { credentials, refresh } = rotating(["stale", "still-stale"]);
    const { server, client } = await setup(["other"], { credentials });
    const error = await client.get(NAME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "unauthenticated", isRetryable: false });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(server.calls).toHaveLength(2);
  });

  it("does not retry when the credentials cannot refresh", async () => {
    const { credentials, refresh } = rotating(["stale"], false);
    const { server, client } = await setup(["other"], { credentials });
    await expect(client.get(NAME)).rejects.toBeInstanceOf(AuthenticationError);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(server.calls).toHaveLength(1);
    const plain = await setup(["other"], { token: "stale" });
    await expect(plain.client.get(NAME)).rejects.toBeInstanceOf(AuthenticationError);
    expect(plain.server.calls).toHaveLength(1);
  });

  it("works with core's OAuth credentials, refreshing after a 401 and reporting it", async () => {
    const events: DebugEvent[] = [];
    const credentials = createOAuthCredentials({
      accessToken: "access-1",
      refreshToken: "refresh-1",
      expiresIn: 3600,
      refresh: async () => ({ accessToken: "access-2", refreshToken: "refresh-2", expiresIn: 3600 }),
    });
    const { server, client } = await setup(["access-2"], { credentials, onDebug: (e) => events.push(e) });
    await client.get(NAME);
    expect(server.calls.map((call) => call.authorization)).toEqual(["Bearer access-1", "Bearer access-2"]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "refresh", reason: "unauthorized", ok: true }),
    );
  });

  it("a failed refresh is an OAuthRefreshError, not a retry", async () => {
    const credentials = createOAuthCredentials({
      accessToken: "access-1",
      refreshToken: "refresh-1",
      expiresIn: 3600,
      refresh: async () => {
        throw new Error("token endpoint down");
      },
    });
    const { server, client } = await setup(["x"], { credentials });
    await expect(client.get(NAME)).rejects.toBeInstanceOf(OAuthRefreshError);
    expect(server.calls).toHaveLength(1);
  });

  it("turns a failing custom strategy into an AuthenticationError without leaking what it threw", async () => {
    const token = createCanaryToken();
    const credentials: Credentials = {
      type: "token",
      authorization: async () => {
        throw { token, reason: "vault sealed" };
      },
    };
    const { server, client } = await setup(["x"], { credentials });
    const error = await client.get(NAME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/failed to produce an Authorization value/);
    expect(findSecret(token, error)).toBeUndefined();
    expect(server.calls).toEqual([]);
  });

  it("refuses a header value that cannot be sent, without quoting it", async () => {
    const token = createCanaryToken();
    const credentials: Credentials = {
      type: "token",
      authorization: async () => `Bearer ${token}\r\nX-Evil: 1`,
    };
    const { server, client } = await setup(["x"], { credentials });
    const error = await client.get(NAME).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ConfigurationError", setting: "credentials" });
    expect(findSecret(token, error)).toBeUndefined();
    expect(server.calls).toEqual([]);
  });
});
