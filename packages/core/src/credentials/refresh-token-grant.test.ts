import nock from "nock";
import { describe, expect, it } from "vitest";
import { useNock } from "../../test/use-nock.js";
import { ConfigurationError } from "../errors/configuration-error.js";
import { OAuthRefreshError } from "../errors/oauth-refresh-error.js";
import { refreshTokenGrant } from "./refresh-token-grant.js";

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
