import { describe, expect, it } from "vitest";
import { createCanaryToken, findSecret } from "../canary.js";
import { ConfigurationError } from "../errors.js";
import { registeredSecrets, registerSecret } from "../redaction.js";
import {
  authorizationHeader,
  type Credentials,
  declareFixedAuthorization,
  fixedAuthorizationHeader,
} from "./credentials.js";
import { createTokenCredentials } from "./token.js";

const request = { method: "GET", url: "https://sg.example.com/.api/graphql" };

/** Credentials that answer with whatever `values` holds next, the last one from then on. */
function credentialsAnswering(...values: string[]): Credentials {
  let calls = 0;
  return {
    type: "token",
    authorization: async () => values[Math.min(calls++, values.length - 1)] ?? "",
  };
}

/** A token no redaction pattern recognizes, so that only its registration keeps it out of output. */
function opaqueToken(): string {
  return `opaque${crypto.randomUUID().replaceAll("-", "")}`;
}

/**
 * Registers one secret fewer than the registry keeps: a secret registered just before survives, as its oldest
 * entry, and the next registration pushes it out unless it was registered again.
 */
function registerOtherSecrets(): void {
  for (let i = 0; i < 511; i++) registerSecret(`filler-${i}-${crypto.randomUUID()}`);
}

describe("authorizationHeader", () => {
  it("rejects (never throws) when a strategy throws, rejects or answers a plain value", async () => {
    const throwing: Credentials = {
      type: "token",
      authorization: () => {
        throw new Error("no token here");
      },
    };
    const rejecting: Credentials = { type: "token", authorization: () => Promise.reject(new Error("nope")) };
    const plain = { type: "token", authorization: () => "Bearer plain-value-123" } as unknown as Credentials;
    const pending = authorizationHeader(throwing, "http-api", {}, request);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toMatchObject({
      name: "AuthenticationError",
      message: "The credentials failed to produce an Authorization value.",
    });
    await expect(authorizationHeader(rejecting, "http-api", {}, request)).rejects.toMatchObject({
      name: "AuthenticationError",
    });
    await expect(authorizationHeader(plain, "http-api", {}, request)).resolves.toBe("Bearer plain-value-123");
  });

  it("rejects with the caller's reason when the caller aborted meanwhile", async () => {
    const controller = new AbortController();
    const failing: Credentials = {
      type: "token",
      authorization: async () => {
        controller.abort(new Error("caller gave up"));
        throw new Error("refresh failed");
      },
    };
    await expect(
      authorizationHeader(failing, "http-api", {}, { ...request, signal: controller.signal }),
    ).rejects.toThrow("caller gave up");
  });

  it("checks a value again when the credentials produce a new one", async () => {
    const token = createCanaryToken();
    const credentials = credentialsAnswering(
      `token ${token}`,
      `token ${token}\r\nX-Injected: 1`,
      `token ${token}`,
    );
    expect(await authorizationHeader(credentials, "graphql", {}, request)).toBe(`token ${token}`);
    const error = await authorizationHeader(credentials, "graphql", {}, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(findSecret(token, error)).toBeUndefined();
    expect(await authorizationHeader(credentials, "graphql", {}, request)).toBe(`token ${token}`);
  });

  it("refuses a bad first value, whatever another credentials object sent before", async () => {
    const token = opaqueToken();
    await authorizationHeader(credentialsAnswering(`Bearer ${token}`), "http-api", {}, request);
    await expect(
      authorizationHeader(credentialsAnswering(`Bearer ${token}\n`), "http-api", {}, request),
    ).rejects.toThrow(ConfigurationError);
  });

  it("registers the credential again on every call, so that a token in use stays redacted", async () => {
    const token = opaqueToken();
    const credentials = credentialsAnswering(`Bearer ${token}`);
    for (let call = 0; call < 3; call++) {
      await authorizationHeader(credentials, "http-api", {}, request);
      registerOtherSecrets();
      expect(registeredSecrets()).toContain(token);
    }
    registerOtherSecrets();
    expect(registeredSecrets()).not.toContain(token);
  });

  it("registers the credential alone, or the whole value of a scheme it does not know", async () => {
    const token = opaqueToken();
    await authorizationHeader(
      credentialsAnswering(`token-sudo user="alice",token="${token}"`),
      "graphql",
      {},
      request,
    );
    const custom = `Custom ${opaqueToken()}`;
    await authorizationHeader(credentialsAnswering(custom), "graphql", {}, request);
    expect(registeredSecrets()).toEqual(expect.arrayContaining([token, custom]));
  });
});

describe("fixedAuthorizationHeader", () => {
  it("answers at once for a token's credentials, with what authorizationHeader resolves with", async () => {
    const token = opaqueToken();
    const credentials = createTokenCredentials(token);
    for (const api of ["http-api", "graphql", "search"] as const) {
      const fixed = fixedAuthorizationHeader(credentials, api, request);
      expect(fixed).toBe(await authorizationHeader(credentials, api, {}, request));
    }
    expect(fixedAuthorizationHeader(credentials, "http-api", request)).toBe(`Bearer ${token}`);
  });

  it("is undefined for credentials that must be asked", () => {
    expect(fixedAuthorizationHeader(credentialsAnswering("token abc"), "graphql", request)).toBeUndefined();
  });

  it("registers the credential on every call, so that a token in use stays redacted", () => {
    const token = opaqueToken();
    const credentials = createTokenCredentials(token);
    fixedAuthorizationHeader(credentials, "graphql", request);
    registerOtherSecrets();
    fixedAuthorizationHeader(credentials, "graphql", request);
    registerSecret("one-more");
    expect(registeredSecrets()).toContain(token);
  });

  it("refuses a fixed value that cannot be sent, without quoting it", () => {
    const canary = createCanaryToken();
    const credentials: Credentials = { type: "token", authorization: async () => "unused" };
    declareFixedAuthorization(credentials, () => `token ${canary}\n`);
    let error: unknown;
    try {
      fixedAuthorizationHeader(credentials, "graphql", request);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(findSecret(canary, error)).toBeUndefined();
  });
});
