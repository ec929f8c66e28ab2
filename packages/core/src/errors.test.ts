import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { canarySecret, findSecretPiece, SECRET_KINDS } from "../test/support/secret-pieces.js";
import {
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  OAuthRefreshError,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
  TimeoutError,
} from "./errors.js";
import { registerSecret } from "./redaction.js";

const CANARY = "sgp_0123456789abcdef_c4a7c4a7c4a7c4a7c4a7c4a7c4a7c4a7c4a7c4a7";

describe("SourcegraphError", () => {
  it("keeps status, code, method, url and request id", () => {
    const error = new SourcegraphError("boom", {
      code: "internal",
      request: { method: "POST", url: "https://sg.example.com/.api/graphql" },
      response: { status: 500, headers: { "X-Request-Id": "req-1" }, body: "oops" },
    });
    expect(error).toMatchObject({
      name: "SourcegraphError",
      code: "internal",
      status: 500,
      method: "POST",
      url: "https://sg.example.com/.api/graphql",
      requestId: "req-1",
      isRetryable: false,
    });
    expect(error.response?.body).toBe("oops");
  });

  it.each([
    [new AuthenticationError("a"), "unauthenticated", 401, false],
    [new PermissionDeniedError("p"), "permission_denied", 403, false],
    [new RateLimitedError("r", { retryAfterMs: 2000 }), "resource_exhausted", 429, true],
    [new NetworkError("n"), "unavailable", undefined, true],
    [new TimeoutError("t"), "deadline_exceeded", undefined, true],
    [new ConfigurationError("c"), "invalid_argument", undefined, false],
  ])("%s has its code, status and retryability", (error, code, status, retryable) => {
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(error).toBeInstanceOf(Error);
  });

  it("is recognised across duplicate installs by its brand, not its constructor", () => {
    const foreign = new OAuthRefreshError("from another copy");
    // A second copy of the package would have its own classes; simulate one by stripping the prototype link.
    const clone = Object.setPrototypeOf(
      Object.defineProperties({}, Object.getOwnPropertyDescriptors(foreign)),
      Error.prototype,
    );
    for (const symbol of Object.getOwnPropertySymbols(foreign)) {
      Object.defineProperty(clone, symbol, { value: (foreign as never)[symbol] });
    }
    expect(clone instanceof OAuthRefreshError).toBe(true);
    expect(clone instanceof AuthenticationError).toBe(true);
    expect(clone instanceof SourcegraphError).toBe(true);
    expect(clone instanceof RateLimitedError).toBe(false);
    expect(SourcegraphError.isInstance(clone)).toBe(true);
    expect(SourcegraphError.isInstance(new Error("plain"))).toBe(false);
    expect(new Error("plain") instanceof SourcegraphError).toBe(false);
  });

  it("never shows a token in message, stack, toString, toJSON, inspect, request, response or causes", () => {
    registerSecret(CANARY);
    const inner = new Error(`socket hang up while sending Authorization: token ${CANARY}`);
    const cause = new TypeError(`fetch failed for ${CANARY}`, { cause: inner });
    const error = new AuthenticationError(`rejected ${CANARY}`, {
      request: {
        method: "GET",
        url: `https://user:${CANARY}@sg.example.com/.api/search/stream?q=x&access_token=${CANARY}`,
        headers: { Authorization: `token ${CANARY}`, "X-Custom": `value ${CANARY}` },
      },
      response: {
        status: 401,
        headers: { "set-cookie": `sgs=${CANARY}` },
        body: `Invalid access token ${CANARY}`,
      },
      cause,
    });
    const views = [
      error.message,
      String(error),
      error.stack ?? "",
      JSON.stringify(error),
      inspect(error, { depth: 20, showHidden: true }),
      JSON.stringify(error.request),
      JSON.stringify(error.response),
    ];
    for (const view of views) expect(view).not.toContain(CANARY);
    expect(error.request?.headers.authorization).toBe("[REDACTED]");
    expect(error.response?.body).toBe("Invalid access token [REDACTED]");
    expect((error.cause as Error).cause).toBeInstanceOf(Error);
    // The caller's own error objects are left as they were: redaction works on copies.
    expect(inner.message).toContain(CANARY);
  });

  it("redacts unregistered Sourcegraph-shaped tokens and Authorization values", () => {
    const error = new SourcegraphError(
      'server said: Authorization: Bearer abc.def.ghi and token-sudo user="a",token="zzz" and sgph_deadbeefdeadbeef',
      { code: "unknown" },
    );
    expect(error.message).not.toMatch(/abc\.def\.ghi|zzz|sgph_deadbeef/);
  });

  it("keeps only redacted text of a non-Error cause", () => {
    registerSecret(CANARY);
    const error = new SourcegraphError("callback failed", {
      code: "unknown",
      cause: { token: CANARY, n: 1 },
    });
    expect(error.cause).toBe('{"token":"[REDACTED]","n":1}');
    expect(inspect(error, { depth: 10 })).not.toContain(CANARY);
  });

  it("truncates long response bodies", () => {
    const error = new SourcegraphError("x", {
      code: "internal",
      response: { status: 502, body: "a".repeat(10_000) },
    });
    expect(error.response?.body).toHaveLength(4096);
  });

  it.each(SECRET_KINDS)("keeps no piece of %s that the 4 KiB cut of a body falls inside", (kind) => {
    const secret = canarySecret(kind);
    for (let depth = 1; depth < secret.length; depth++) {
      // An OAuth token endpoint's or a GraphQL server's error body, given whole to the error.
      const body = `${"a".repeat(4096 - depth)}${secret}${"b".repeat(10_000)}`;
      const error = new SourcegraphError("x", { code: "internal", response: { status: 400, body } });
      expect(error.response?.body).toMatch(/^a+(\[REDACTED\]b*)?$/);
      expect(findSecretPiece(secret, error), `cut ${depth} characters into it`).toBeUndefined();
    }
  });
});
