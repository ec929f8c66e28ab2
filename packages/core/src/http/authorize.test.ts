import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import type { ApiKind, Credentials } from "../credentials/credentials.js";
import { createTokenCredentials } from "../credentials/token.js";
import { AuthenticationError, ConfigurationError, OAuthRefreshError } from "../errors.js";
import { registeredSecrets } from "../redaction.js";
import { errorFromResponse } from "./error-from-response.js";
import { createSourcegraphFetch } from "./fetch.js";

const ORIGIN = "https://sg.example.com";

/** An OAuth-like fake: `refresh` moves to the next token, as a real refresh would replace it. */
function fakeOAuth(tokens: string[]) {
  let current = 0;
  const credentials = {
    type: "oauth" as const,
    authorization: vi.fn(async (_api: ApiKind) => `Bearer ${tokens[current]}`),
    refresh: vi.fn(async (_rejected: string) => {
      if (current + 1 >= tokens.length) return false;
      current++;
      return true;
    }),
  } satisfies Credentials;
  return credentials;
}

/** Answers `path` with `statuses` in turn, recording the Authorization header of each request. */
function recordAuthorization(path: string, statuses: number[], method: "get" | "post" = "get") {
  const seen: (string | null)[] = [];
  nock(ORIGIN)
    .persist()
    [method](path)
    .reply((request: Request) => {
      seen.push(request.headers.get("authorization"));
      return [statuses[seen.length - 1] ?? 200, "Invalid access token."];
    });
  return seen;
}

useNock();

describe("authorize", () => {
  it("asks the credentials for the form of the configured API", async () => {
    const seen = recordAuthorization("/api/x", [200]);
    const credentials = fakeOAuth(["t1"]);
    const fetch = createSourcegraphFetch({ api: "http-api", credentials });
    await fetch(`${ORIGIN}/api/x`);
    expect(seen).toEqual(["Bearer t1"]);
    expect(credentials.authorization).toHaveBeenCalledWith("http-api", expect.objectContaining({}));
  });

  it("sends a token's fixed value without asking its credentials, and returns a 401 as it is", async () => {
    const token = `sgp_${"a".repeat(40)}`;
    const credentials = createTokenCredentials(token);
    const asked = vi.spyOn(credentials, "authorization");
    const seen = recordAuthorization("/fixed", [200, 401]);
    for (const api of ["http-api", "graphql"] as const) {
      const fetch = createSourcegraphFetch({ api, credentials, retry: false });
      await fetch(`${ORIGIN}/fixed`);
    }
    expect(seen).toEqual([`Bearer ${token}`, `token ${token}`]);
    expect(asked).not.toHaveBeenCalled();
    // The value is still checked and registered for redaction on every request.
    expect(registeredSecrets()).toContain(token);
  });

  it("refreshes once after a 401 and resends with the new header", async () => {
    const seen = recordAuthorization("/.api/graphql", [401, 200], "post");
    const credentials = fakeOAuth(["old", "new"]);
    const fetch = createSourcegraphFetch({ api: "graphql", credentials });
    // A POST: a 401 means the server did nothing, so the resend is safe even when not idempotent.
    const response = await fetch(`${ORIGIN}/.api/graphql`, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    expect(seen).toEqual(["Bearer old", "Bearer new"]);
    expect(credentials.refresh).toHaveBeenCalledOnce();
    expect(credentials.refresh).toHaveBeenCalledWith("Bearer old", expect.anything());
  });

  it("returns a second 401 as it is, without refreshing again", async () => {
    const seen = recordAuthorization("/x", [401, 401, 200]);
    const credentials = fakeOAuth(["old", "new", "newer"]);
    const fetch = createSourcegraphFetch({ api: "graphql", credentials });
    const response = await fetch(`${ORIGIN}/x`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("Invalid access token.");
    expect(seen).toEqual(["Bearer old", "Bearer new"]);
    expect(credentials.refresh).toHaveBeenCalledOnce();
  });

  it("returns the 401 when the credentials cannot refresh or decline to", async () => {
    const seen = recordAuthorization("/x", [401, 401, 200]);
    const token: Credentials = { type: "token", authorization: async () => "token abc123" };
    expect((await createSourcegraphFetch({ api: "graphql", credentials: token })(`${ORIGIN}/x`)).status).toBe(
      401,
    );
    const declining = fakeOAuth(["only"]);
    expect(
      (await createSourcegraphFetch({ api: "graphql", credentials: declining })(`${ORIGIN}/x`)).status,
    ).toBe(401);
    expect(seen).toEqual(["token abc123", "Bearer only"]);
  });

  it("passes a failed refresh on as the credentials' own error", async () => {
    recordAuthorization("/x", [401]);
    const credentials: Credentials = {
      type: "oauth",
      authorization: async () => "Bearer expired",
      refresh: async () => {
        throw new OAuthRefreshError("The refresh token was revoked.", { oauthError: "invalid_grant" });
      },
    };
    const fetch = createSourcegraphFetch({ api: "graphql", credentials });
    await expect(fetch(`${ORIGIN}/x`)).rejects.toBeInstanceOf(OAuthRefreshError);
  });

  it("wraps a custom strategy's own error in an AuthenticationError", async () => {
    const scope = nock(ORIGIN).get("/x").reply(200);
    const credentials: Credentials = {
      type: "token",
      authorization: async () => {
        throw new Error("keychain locked");
      },
    };
    const error = await createSourcegraphFetch({ api: "graphql", credentials })(`${ORIGIN}/x`).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).cause).toMatchObject({ message: "keychain locked" });
    expect(scope.isDone()).toBe(false);
  });

  it("refuses a header value that cannot be sent, before sending", async () => {
    const scope = nock(ORIGIN).get("/x").reply(200);
    for (const value of ["", "  ", "token abc\r\nX-Injected: 1", "token caf\u00e9\u2603"]) {
      const credentials: Credentials = { type: "token", authorization: async () => value };
      await expect(
        createSourcegraphFetch({ api: "graphql", credentials })(`${ORIGIN}/x`),
      ).rejects.toMatchObject({
        name: "ConfigurationError",
        setting: "credentials",
      });
    }
    expect(scope.isDone()).toBe(false);
  });

  it("refuses a request that brings its own Authorization as well", async () => {
    const scope = nock(ORIGIN).get("/x").reply(200);
    const fetch = createSourcegraphFetch({ api: "graphql", credentials: fakeOAuth(["t"]) });
    const error = await fetch(`${ORIGIN}/x`, { headers: { Authorization: "token other" } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(scope.isDone()).toBe(false);
  });

  it("refuses an extra Authorization header together with credentials when created", () => {
    expect(() =>
      createSourcegraphFetch({
        api: "graphql",
        credentials: fakeOAuth(["t"]),
        headers: { authorization: "x" },
      }),
    ).toThrow(ConfigurationError);
  });

  it("leaves a caller's Authorization alone when there are no credentials", async () => {
    const seen = recordAuthorization("/x", [200]);
    await createSourcegraphFetch({ api: "graphql" })(`${ORIGIN}/x`, {
      headers: { Authorization: "token mine" },
    });
    expect(seen).toEqual(["token mine"]);
  });
});

describe("authorize and redaction", () => {
  it("registers the credential of a token it has not seen the shape of, so errors never show it", async () => {
    // A bare 40-hex token, the format before sgp_: no pattern recognizes it, only registration.
    const legacy = "ffffffff0123456789abcdef0123456789abcdef";
    nock(ORIGIN).get("/x").reply(401, `bad token ${legacy}`);
    const credentials: Credentials = { type: "token", authorization: async () => `token ${legacy}` };
    const response = await createSourcegraphFetch({ api: "graphql", credentials })(`${ORIGIN}/x`);
    const error = await errorFromResponse(response, { method: "GET", url: `${ORIGIN}/x` });
    expect(error.message).toContain("bad token [REDACTED]");
    expect(JSON.stringify(error)).not.toContain(legacy);
  });
});
