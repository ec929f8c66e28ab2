import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import { ConfigurationError, OAuthRefreshError } from "../errors.js";
import type { DebugEvent } from "../http/debug.js";
import { REDACTED, redactText } from "../redaction.js";
import {
  createOAuthCredentials,
  type OAuthRefreshFunction,
  type OAuthRefreshResult,
  parseTokenUrl,
  refreshTokenGrant,
} from "./oauth.js";

const START = 1_700_000_000_000;
const OLD = "at-oauth-old-0001";
const NEW = "at-oauth-new-0002";

/** A clock the test moves by hand. */
function fakeClock() {
  const clock = { time: START, now: () => clock.time };
  return clock;
}

/** A refresh function whose answers the test releases when it wants, counting calls. */
function controlledRefresh() {
  const pending: Array<{ resolve(result: OAuthRefreshResult): void; reject(error: unknown): void }> = [];
  const calls: Array<Parameters<OAuthRefreshFunction>> = [];
  const refresh: OAuthRefreshFunction = (...args) => {
    calls.push(args);
    return new Promise((resolve, reject) => pending.push({ resolve, reject }));
  };
  const settle = (index = pending.length - 1) => {
    const next = pending[index];
    if (next === undefined) throw new Error(`no refresh call ${index}`);
    return next;
  };
  return { refresh, calls, settle };
}

describe("createOAuthCredentials", () => {
  it.each(["graphql", "search", "http-api"] as const)("sends %s a Bearer header", async (api) => {
    const credentials = createOAuthCredentials({ accessToken: `${OLD}\n` });
    expect(credentials.type).toBe("oauth");
    await expect(credentials.authorization(api)).resolves.toBe(`Bearer ${OLD}`);
  });

  describe("proactive refresh", () => {
    it("refreshes 60 s before expiry by default", async () => {
      const clock = fakeClock();
      const refresh = vi.fn(async () => ({ accessToken: NEW, expiresIn: 3600 }));
      const events: DebugEvent[] = [];
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        expiresIn: 3600,
        refresh,
        now: clock.now,
      });
      clock.time = START + 3_540_000 - 1;
      await expect(credentials.authorization("graphql")).resolves.toBe(`Bearer ${OLD}`);
      expect(refresh).not.toHaveBeenCalled();
      clock.time = START + 3_540_000;
      await expect(credentials.authorization("graphql", { onDebug: (e) => events.push(e) })).resolves.toBe(
        `Bearer ${NEW}`,
      );
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(events).toEqual([{ type: "refresh", reason: "expiring", ok: true }]);
    });

    it("takes the skew from refreshSkewMs", async () => {
      const clock = fakeClock();
      const refresh = vi.fn(async () => ({ accessToken: NEW }));
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        expiresAt: new Date(START + 3_600_000),
        refreshSkewMs: 300_000,
        refresh,
        now: clock.now,
      });
      clock.time = START + 3_300_000 - 1;
      await credentials.authorization("graphql");
      expect(refresh).not.toHaveBeenCalled();
      clock.time = START + 3_300_000;
      await expect(credentials.authorization("graphql")).resolves.toBe(`Bearer ${NEW}`);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it("caps the skew at half the token's lifetime, so short-lived tokens are not refreshed on every call", async () => {
      const clock = fakeClock();
      const refresh = vi.fn(async () => ({ accessToken: NEW, expiresIn: 10 }));
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        expiresIn: 60,
        refresh,
        now: clock.now,
      });
      clock.time = START + 29_999;
      await credentials.authorization("graphql");
      expect(refresh).not.toHaveBeenCalled();
      clock.time = START + 30_000;
      await credentials.authorization("graphql");
      await credentials.authorization("graphql");
      expect(refresh).toHaveBeenCalledTimes(1);
      clock.time = START + 35_000;
      await credentials.authorization("graphql");
      expect(refresh).toHaveBeenCalledTimes(2);
    });

    it("still sends an expired token it cannot refresh, for the server to answer", async () => {
      const clock = fakeClock();
      const credentials = createOAuthCredentials({ accessToken: OLD, expiresAt: START - 1, now: clock.now });
      await expect(credentials.authorization("graphql")).resolves.toBe(`Bearer ${OLD}`);
      await expect(credentials.refresh(`Bearer ${OLD}`)).resolves.toBe(false);
    });

    it("never refreshes ahead of time when the expiry is unknown", async () => {
      const refresh = vi.fn(async () => ({ accessToken: NEW }));
      const credentials = createOAuthCredentials({ accessToken: OLD, refresh });
      await credentials.authorization("graphql");
      expect(refresh).not.toHaveBeenCalled();
    });
  });

  describe("single flight", () => {
    it("makes one refresh for 50 concurrent callers of an expired token, and gives them all the new one", async () => {
      const { refresh, calls, settle } = controlledRefresh();
      const credentials = createOAuthCredentials({ accessToken: OLD, expiresAt: START - 1, refresh });
      const headers = Promise.all(Array.from({ length: 50 }, () => credentials.authorization("graphql")));
      await vi.waitFor(() => expect(calls).toHaveLength(1));
      settle().resolve({ accessToken: NEW, expiresIn: 3600 });
      expect(new Set(await headers)).toEqual(new Set([`Bearer ${NEW}`]));
      expect(calls).toHaveLength(1);
    });

    it("makes one refresh for 50 concurrent 401s", async () => {
      const { refresh, calls, settle } = controlledRefresh();
      const events: DebugEvent[] = [];
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refreshToken: "rt-oauth-0003",
        refresh,
      });
      const rejected = await credentials.authorization("graphql");
      const retries = Promise.all(
        Array.from({ length: 50 }, () => credentials.refresh(rejected, { onDebug: (e) => events.push(e) })),
      );
      await vi.waitFor(() => expect(calls).toHaveLength(1));
      expect(calls[0]?.[0]).toEqual({ accessToken: OLD, refreshToken: "rt-oauth-0003" });
      settle().resolve({ accessToken: NEW });
      expect(await retries).toEqual(Array(50).fill(true));
      expect(calls).toHaveLength(1);
      expect(events).toEqual([{ type: "refresh", reason: "unauthorized", ok: true }]);
      await expect(credentials.authorization("http-api")).resolves.toBe(`Bearer ${NEW}`);
    });

    it("does not refresh again for a header that a refresh already replaced", async () => {
      const refresh = vi.fn(async () => ({ accessToken: NEW }));
      const credentials = createOAuthCredentials({ accessToken: OLD, refresh });
      await expect(credentials.refresh(`Bearer ${OLD}`)).resolves.toBe(true);
      await expect(credentials.refresh(`Bearer ${OLD}`)).resolves.toBe(true);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it("makes authorization() wait for a refresh under way rather than send the token being replaced", async () => {
      const { refresh, settle } = controlledRefresh();
      const credentials = createOAuthCredentials({ accessToken: OLD, refresh });
      const retried = credentials.refresh(`Bearer ${OLD}`);
      const header = credentials.authorization("graphql");
      settle().resolve({ accessToken: NEW });
      await expect(header).resolves.toBe(`Bearer ${NEW}`);
      await expect(retried).resolves.toBe(true);
    });

    it("lets a caller stop waiting without cancelling the refresh for the others", async () => {
      const { refresh, calls, settle } = controlledRefresh();
      const credentials = createOAuthCredentials({ accessToken: OLD, expiresAt: START - 1, refresh });
      const controller = new AbortController();
      const impatient = credentials.authorization("graphql", { signal: controller.signal });
      const patient = credentials.authorization("graphql");
      const reason = new Error("caller gave up");
      controller.abort(reason);
      await expect(impatient).rejects.toBe(reason);
      settle().resolve({ accessToken: NEW });
      await expect(patient).resolves.toBe(`Bearer ${NEW}`);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.[1].signal.aborted).toBe(false);
    });
  });

  describe("failures", () => {
    it("rejects every waiting caller with one OAuthRefreshError, then tries again on the next call", async () => {
      const { refresh, calls, settle } = controlledRefresh();
      const events: DebugEvent[] = [];
      const onDebug = (event: DebugEvent) => events.push(event);
      const credentials = createOAuthCredentials({ accessToken: OLD, expiresAt: START - 1, refresh });
      const first = credentials.authorization("graphql", { onDebug }).catch((e: unknown) => e);
      const second = credentials.authorization("graphql", { onDebug }).catch((e: unknown) => e);
      const cause = new Error("identity provider is down");
      settle().reject(cause);
      const error = await first;
      expect(error).toBeInstanceOf(OAuthRefreshError);
      expect(error).toMatchObject({ message: "OAuth token refresh failed", status: undefined });
      expect((error as Error).cause).toMatchObject({ message: "identity provider is down" });
      expect(await second).toBe(error);
      expect(events).toEqual([
        { type: "refresh", reason: "expiring", ok: false, error: "OAuth token refresh failed" },
      ]);

      const retry = credentials.authorization("graphql", { onDebug });
      await vi.waitFor(() => expect(calls).toHaveLength(2));
      settle().resolve({ accessToken: NEW });
      await expect(retry).resolves.toBe(`Bearer ${NEW}`);
      expect(events.at(-1)).toEqual({ type: "refresh", reason: "expiring", ok: true });
    });

    it("rejects refresh(rejected) with the OAuthRefreshError of a failed refresh", async () => {
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refresh: async () => {
          throw new Error("nope");
        },
      });
      await expect(credentials.refresh(`Bearer ${OLD}`)).rejects.toBeInstanceOf(OAuthRefreshError);
    });

    it.each([
      [{ accessToken: "at-oauth bad" }, "(accessToken contains whitespace at position 8)"],
      [{ accessToken: NEW, refreshToken: "" }, "(refreshToken is empty)"],
      [{ accessToken: NEW, expiresAt: Number.NaN }, "(expiresAt is not a valid date)"],
      [{ accessToken: NEW, expiresAt: START, expiresIn: 60 }, "(give expiresAt or expiresIn, not both)"],
    ])("refuses the unusable refresh result %j", async (result, detail) => {
      const credentials = createOAuthCredentials({ accessToken: OLD, refresh: async () => result });
      const error = await credentials.refresh(`Bearer ${OLD}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OAuthRefreshError);
      expect((error as Error).message).toBe(`OAuth token refresh failed ${detail}`);
      expect((error as Error).cause).toBeInstanceOf(ConfigurationError);
      await expect(credentials.authorization("graphql")).resolves.toBe(`Bearer ${OLD}`);
    });

    it("fails a refresh that takes longer than refreshTimeoutMs, aborting the refresh function", async () => {
      vi.useFakeTimers();
      try {
        const { refresh, calls } = controlledRefresh();
        const credentials = createOAuthCredentials({ accessToken: OLD, refresh });
        const retried = credentials.refresh(`Bearer ${OLD}`).catch((e: unknown) => e);
        await vi.advanceTimersByTimeAsync(29_999);
        expect(calls[0]?.[1].signal.aborted).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        const error = await retried;
        expect(error).toBeInstanceOf(OAuthRefreshError);
        expect(error).toMatchObject({
          message: "OAuth token refresh timed out after 30000 ms",
          isRetryable: true,
        });
        expect(calls[0]?.[1].signal.aborted).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe("tokens handed to the caller", () => {
    it("normalizes expiresIn to expiresAt, keeps a refresh token that was not rotated, and awaits onTokens", async () => {
      const clock = fakeClock();
      const onTokens = vi.fn();
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refreshToken: "rt-oauth-0004",
        refresh: async () => {
          clock.time = START + 500;
          return { accessToken: NEW, expiresIn: 3600 };
        },
        onTokens,
        now: clock.now,
      });
      await credentials.refresh(`Bearer ${OLD}`);
      expect(onTokens).toHaveBeenCalledExactlyOnceWith({
        accessToken: NEW,
        refreshToken: "rt-oauth-0004",
        expiresAt: START + 500 + 3_600_000,
      });
    });

    it("passes a rotated refresh token to the next refresh", async () => {
      const refresh = vi
        .fn<OAuthRefreshFunction>()
        .mockResolvedValueOnce({ accessToken: NEW, refreshToken: "rt-oauth-rotated-0005" })
        .mockResolvedValueOnce({ accessToken: "at-oauth-third-0006" });
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refreshToken: "rt-oauth-0004",
        refresh,
      });
      await credentials.refresh(`Bearer ${OLD}`);
      await credentials.refresh(`Bearer ${NEW}`);
      expect(refresh.mock.calls.map(([current]) => current.refreshToken)).toEqual([
        "rt-oauth-0004",
        "rt-oauth-rotated-0005",
      ]);
    });

    it("reports an onTokens failure, but uses the new tokens", async () => {
      const refresh = vi.fn(async () => ({ accessToken: NEW }));
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refresh,
        onTokens: async () => {
          throw new Error("disk full");
        },
      });
      await expect(credentials.refresh(`Bearer ${OLD}`)).rejects.toThrow(
        "OAuth tokens were refreshed, but onTokens failed to take them",
      );
      await expect(credentials.authorization("graphql")).resolves.toBe(`Bearer ${NEW}`);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it("registers every token it handles for redaction", async () => {
      const credentials = createOAuthCredentials({
        accessToken: "at-oauth-registered-0007",
        refreshToken: "rt-oauth-registered-0008",
        refresh: async () => ({
          accessToken: "at-oauth-registered-0009",
          refreshToken: "rt-oauth-registered-0010",
        }),
      });
      await credentials.refresh("Bearer at-oauth-registered-0007");
      const text =
        "at-oauth-registered-0007 rt-oauth-registered-0008 at-oauth-registered-0009 rt-oauth-registered-0010";
      expect(redactText(text)).toBe(Array(4).fill(REDACTED).join(" "));
    });
  });

  describe("token endpoint", () => {
    const ORIGIN = "https://sourcegraph.example.com";

    useNock();

    it("refreshes with a refresh_token grant, then with the rotated refresh token", async () => {
      const endpoint = nock(ORIGIN)
        .post("/oauth/token", {
          grant_type: "refresh_token",
          refresh_token: "rt-endpoint-0001",
          client_id: "sgkit",
          client_secret: "cs-endpoint-secret-0002",
        })
        .reply(200, {
          access_token: "at-endpoint-0003",
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: "rt-endpoint-0004",
        })
        .post("/oauth/token", (body: Record<string, string>) => body.refresh_token === "rt-endpoint-0004")
        .reply(200, { access_token: "at-endpoint-0005", token_type: "Bearer" });
      const clock = fakeClock();
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refreshToken: "rt-endpoint-0001",
        expiresAt: START,
        tokenUrl: `${ORIGIN}/oauth/token`,
        clientId: "sgkit",
        clientSecret: "cs-endpoint-secret-0002",
        now: clock.now,
      });
      await expect(credentials.authorization("graphql")).resolves.toBe("Bearer at-endpoint-0003");
      clock.time = START + 3_600_000;
      await expect(credentials.authorization("graphql")).resolves.toBe("Bearer at-endpoint-0005");
      endpoint.done();
      expect(redactText("cs-endpoint-secret-0002")).toBe(REDACTED);
    });

    it("rejects with the endpoint's OAuth error", async () => {
      nock(ORIGIN).post("/oauth/token").reply(400, { error: "invalid_grant" });
      const credentials = createOAuthCredentials({
        accessToken: OLD,
        refreshToken: "rt-endpoint-0006",
        tokenUrl: `${ORIGIN}/oauth/token`,
        clientId: "sgkit",
      });
      await expect(credentials.refresh(`Bearer ${OLD}`)).rejects.toMatchObject({
        name: "OAuthRefreshError",
        oauthError: "invalid_grant",
      });
    });
  });

  it.each([
    [{ accessToken: " " }, "accessToken is empty"],
    [{ accessToken: OLD, refreshToken: "rt x" }, "refreshToken contains whitespace at position 2"],
    [{ accessToken: OLD, expiresAt: START, expiresIn: 60 }, "give expiresAt or expiresIn, not both"],
    [{ accessToken: OLD, expiresAt: new Date("soon") }, "expiresAt is not a valid date"],
    [{ accessToken: OLD, refreshSkewMs: -1 }, "refreshSkewMs must be a number of milliseconds, at least 0"],
    [
      { accessToken: OLD, refreshTimeoutMs: 0 },
      "refreshTimeoutMs must be a number of milliseconds, at least 1",
    ],
    [
      { accessToken: OLD, refreshToken: "rt-0011", tokenUrl: "https://x.example/t", clientId: "" },
      "clientId is required with tokenUrl",
    ],
    [
      { accessToken: OLD, tokenUrl: "https://x.example/t", clientId: "c" },
      "refreshToken is required with tokenUrl",
    ],
    [
      { accessToken: OLD, refreshToken: "rt-0011", tokenUrl: "http://x.example/t", clientId: "c" },
      "tokenUrl must be an https: URL",
    ],
    [
      {
        accessToken: OLD,
        tokenUrl: "https://x.example/t",
        clientId: "c",
        refresh: async () => ({ accessToken: NEW }),
      },
      "give either refresh or tokenUrl, not both",
    ],
  ])("refuses the options %j at creation", (options, message) => {
    expect(() => createOAuthCredentials(options as Parameters<typeof createOAuthCredentials>[0])).toThrow(
      expect.objectContaining({ name: "ConfigurationError", message: expect.stringContaining(message) }),
    );
  });
});

const ORIGIN = "https://sourcegraph.example.com";
const TOKEN_URL = `${ORIGIN}/.auth/oauth/token`;
const OPTIONS = { tokenUrl: TOKEN_URL, clientId: "sgkit-client", refreshToken: "rt-grant-old-0001" };

describe("refreshTokenGrant", () => {
  useNock();

  it("posts a form-encoded refresh_token grant and reads the rotated tokens", async () => {
    let body: unknown;
    const scope = nock(ORIGIN)
      .matchHeader("content-type", "application/x-www-form-urlencoded")
      .matchHeader("accept", "application/json")
      .post("/.auth/oauth/token", (sent) => {
        body = sent;
        return true;
      })
      .reply(200, {
        access_token: "at-grant-new-0002",
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: "rt-grant-new-0003",
      });
    const result = await refreshTokenGrant({
      ...OPTIONS,
      clientSecret: "cs-grant-secret-0004",
      scope: "user:all",
    });
    expect(body).toEqual({
      grant_type: "refresh_token",
      refresh_token: "rt-grant-old-0001",
      client_id: "sgkit-client",
      client_secret: "cs-grant-secret-0004",
      scope: "user:all",
    });
    expect(result).toEqual({
      accessToken: "at-grant-new-0002",
      refreshToken: "rt-grant-new-0003",
      expiresIn: 3600,
    });
    scope.done();
  });

  it("sends no client_secret or scope when none is given, and keeps a refresh token that was not rotated", async () => {
    nock(ORIGIN)
      .post("/.auth/oauth/token", {
        grant_type: "refresh_token",
        refresh_token: "rt-grant-old-0001",
        client_id: "sgkit-client",
      })
      .reply(200, { access_token: "at-grant-new-0005", token_type: "bearer" });
    await expect(refreshTokenGrant(OPTIONS)).resolves.toEqual({
      accessToken: "at-grant-new-0005",
      refreshToken: "rt-grant-old-0001",
    });
  });

  it.each([
    ["a numeric string", "7200", 7200],
    ["zero", 0, undefined],
    ["negative", -5, undefined],
    ["not a number", "soon", undefined],
    ["null", null, undefined],
  ])("reads expires_in given as %s", async (_name, expiresIn, expected) => {
    nock(ORIGIN)
      .post("/.auth/oauth/token")
      .reply(200, { access_token: "at-grant-new-0006", token_type: "Bearer", expires_in: expiresIn });
    const result = await refreshTokenGrant(OPTIONS);
    expect(result.expiresIn).toBe(expected);
  });

  it("turns an OAuth error answer into an OAuthRefreshError carrying its code", async () => {
    nock(ORIGIN)
      .post("/.auth/oauth/token")
      .reply(400, { error: "invalid_grant", error_description: "The refresh token has expired." });
    const error = await refreshTokenGrant(OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthRefreshError);
    expect(error).toMatchObject({
      oauthError: "invalid_grant",
      status: 400,
      isRetryable: false,
      code: "unauthenticated",
      method: "POST",
      url: TOKEN_URL,
      message: `the OAuth token endpoint ${TOKEN_URL} refused the refresh (HTTP 400, invalid_grant: The refresh token has expired.)`,
    });
    expect((error as OAuthRefreshError).response?.body).toContain("invalid_grant");
  });

  it("reports an error sent with status 200, as some providers do", async () => {
    nock(ORIGIN).post("/.auth/oauth/token").reply(200, { error: "bad_verification_code" });
    await expect(refreshTokenGrant(OPTIONS)).rejects.toMatchObject({
      name: "OAuthRefreshError",
      oauthError: "bad_verification_code",
      status: 200,
    });
  });

  it.each([
    [503, true],
    [429, true],
    [401, false],
  ])("marks HTTP %i without an OAuth error as retryable: %s", async (status, retryable) => {
    nock(ORIGIN).post("/.auth/oauth/token").reply(status, "<html>proxy error</html>");
    await expect(refreshTokenGrant(OPTIONS)).rejects.toMatchObject({
      name: "OAuthRefreshError",
      oauthError: undefined,
      status,
      isRetryable: retryable,
      message: `the OAuth token endpoint ${TOKEN_URL} refused the refresh (HTTP ${status})`,
    });
  });

  it("does not follow a redirect, which would carry the secrets elsewhere", async () => {
    nock(ORIGIN)
      .post("/.auth/oauth/token")
      .reply(307, "", { location: "https://elsewhere.example.com/token" });
    const elsewhere = nock("https://elsewhere.example.com").post("/token").reply(200, {});
    await expect(refreshTokenGrant(OPTIONS)).rejects.toMatchObject({
      name: "OAuthRefreshError",
      status: 307,
    });
    expect(elsewhere.isDone()).toBe(false);
  });

  it.each([
    ["an answer that is not JSON", "access_token=at&token_type=bearer", "without a JSON access_token"],
    ["no access_token", { token_type: "Bearer" }, "without a JSON access_token"],
    [
      "a token of another type",
      { access_token: "at-grant-0007", token_type: "mac" },
      "with a token of type mac, not Bearer",
    ],
    [
      "a malformed access token",
      { access_token: "at-grant 0008", token_type: "Bearer" },
      "with an unusable token (access_token contains whitespace at position 8)",
    ],
    [
      "a malformed refresh token",
      { access_token: "at-grant-0009", refresh_token: "rt\n0010", token_type: "Bearer" },
      "with an unusable token (refresh_token contains whitespace at position 2)",
    ],
  ])("refuses %s", async (_name, answer, problem) => {
    nock(ORIGIN).post("/.auth/oauth/token").reply(200, answer);
    const error = await refreshTokenGrant(OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthRefreshError);
    expect((error as Error).message).toBe(
      `the OAuth token endpoint ${TOKEN_URL} answered HTTP 200 ${problem}`,
    );
  });

  it("reports an unreachable endpoint as a retryable OAuthRefreshError", async () => {
    // The string form: nock 15 never settles a fetch whose replyWithError was given an object.
    nock(ORIGIN).post("/.auth/oauth/token").replyWithError("socket hang up");
    const error = await refreshTokenGrant(OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthRefreshError);
    expect(error).toMatchObject({
      message: `could not reach the OAuth token endpoint ${TOKEN_URL}`,
      status: undefined,
      isRetryable: true,
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("rejects with the signal's reason when aborted", async () => {
    nock(ORIGIN).post("/.auth/oauth/token").reply(200, { access_token: "at-grant-0011" });
    const reason = new Error("caller gave up");
    await expect(refreshTokenGrant({ ...OPTIONS, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it("uses the given fetch", async () => {
    const requests: Request[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      requests.push(new Request(input, init));
      return Response.json({ access_token: "at-grant-0012", token_type: "Bearer" });
    };
    await expect(refreshTokenGrant({ ...OPTIONS, fetch })).resolves.toMatchObject({
      accessToken: "at-grant-0012",
    });
    expect(requests.map((request) => [request.method, request.url])).toEqual([["POST", TOKEN_URL]]);
  });

  it("refuses a plain-HTTP endpoint or an empty refresh token before sending anything", async () => {
    await expect(
      refreshTokenGrant({ ...OPTIONS, tokenUrl: "http://sourcegraph.example.com/token" }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(refreshTokenGrant({ ...OPTIONS, refreshToken: "" })).rejects.toThrow(
      "refreshToken is empty",
    );
  });
});

describe("parseTokenUrl", () => {
  it.each([
    "https://sourcegraph.example.com/.auth/oauth/token",
    "http://localhost:3080/token",
    "http://127.0.0.1:3080/token",
    "http://[::1]:3080/token",
  ])("accepts %s", (url) => {
    expect(parseTokenUrl(url).href).toBe(url);
    expect(parseTokenUrl(new URL(url)).href).toBe(url);
  });

  it.each([
    ["not a url", "tokenUrl is not a valid URL: not a url"],
    ["http://sourcegraph.example.com/token", "tokenUrl must be an https: URL"],
    ["ftp://sourcegraph.example.com/token", "tokenUrl must be an https: URL"],
  ])("refuses %s", (url, message) => {
    expect(() => parseTokenUrl(url)).toThrow(ConfigurationError);
    expect(() => parseTokenUrl(url)).toThrow(message);
  });

  it("does not repeat credentials from the URL in its error", () => {
    expect(() => parseTokenUrl("http://client:hunter2-secret@example.com/token")).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2-secret") }),
    );
  });
});
