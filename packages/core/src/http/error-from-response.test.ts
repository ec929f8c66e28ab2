import { describe, expect, it } from "vitest";
import { canarySecret, findSecretPiece, SECRET_KINDS } from "../../test/support/secret-pieces.js";
import { findSecret } from "../canary.js";
import { AuthenticationError, PermissionDeniedError, RateLimitedError, SourcegraphError } from "../errors.js";
import { errorFromResponse } from "./error-from-response.js";

const request = { method: "GET", url: "https://sg.example.com/.api/search/stream?q=x" };

describe("errorFromResponse", () => {
  it("makes an AuthenticationError of a 401, quoting the server's plain-text reason", async () => {
    const error = await errorFromResponse(new Response("Invalid access token.\n", { status: 401 }), request);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(`GET ${request.url} failed with HTTP 401: Invalid access token.`);
    expect(error).toMatchObject({ code: "unauthenticated", status: 401, url: request.url, method: "GET" });
    expect(error.response?.body).toBe("Invalid access token.\n");
  });

  it("makes a PermissionDeniedError of a 403", async () => {
    const error = await errorFromResponse(new Response("must be site admin", { status: 403 }), request);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.code).toBe("permission_denied");
  });

  it("makes a RateLimitedError of a 429, with retryAfterMs", async () => {
    const response = new Response(null, { status: 429, headers: { "Retry-After": "30" } });
    const error = await errorFromResponse(response, request);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(30_000);
    expect(error.message).toBe(`GET ${request.url} failed with HTTP 429.`);
  });

  it("reads a Retry-After date on the given clock", async () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const response = new Response(null, {
      status: 429,
      headers: { "Retry-After": "Sun, 01 Mar 2026 12:01:00 GMT" },
    });
    const error = await errorFromResponse(response, request, { now: () => now });
    expect((error as RateLimitedError).retryAfterMs).toBe(60_000);
  });

  it.each([
    [404, "not_found"],
    [500, "internal"],
    [502, "unavailable"],
    [504, "deadline_exceeded"],
    [418, "unknown"],
  ])("gives HTTP %i the code %s", async (status, code) => {
    const error = await errorFromResponse(new Response("", { status }), request);
    expect(error.constructor).toBe(SourcegraphError);
    expect(error.code).toBe(code);
  });

  it("quotes a JSON message, but not an HTML page", async () => {
    const json = new Response(JSON.stringify({ code: "not_found", message: "no such repository" }), {
      status: 404,
      headers: { "Content-Type": "application/json" },
    });
    expect((await errorFromResponse(json, request)).message).toMatch(/: no such repository$/);
    const html = new Response("<html><body>502 Bad Gateway</body></html>", {
      status: 502,
      headers: { "Content-Type": "text/html" },
    });
    expect((await errorFromResponse(html, request)).message).toMatch(/HTTP 502\.$/);
  });

  it("reads a bounded part of a huge body and quotes only its start", async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
      },
    });
    const error = await errorFromResponse(new Response(endless, { status: 500 }), request);
    expect(pulls).toBeLessThan(40);
    expect(error.message.length).toBeLessThan(400);
    expect(error.response?.body?.length).toBeLessThanOrEqual(4096);
  });

  describe.each(SECRET_KINDS)("echoing %s", (kind) => {
    // Where a cut falls inside the secret: 11 keeps `sgp_` and 7 more, one short of what the token pattern
    // recognises; the others keep most of a 40-hex token or a header value.
    const depths = [4, 8, 11, 20, 33, 39];

    it("quotes no piece of it when the message's 200-character cut falls inside it", async () => {
      const secret = canarySecret(kind);
      for (const depth of depths) {
        const line = `echo: ${"x".repeat(200 - 6 - depth)}${secret} and the rest`;
        const plain = await errorFromResponse(new Response(`${line}\nmore`, { status: 401 }), request);
        const json = await errorFromResponse(
          new Response(JSON.stringify({ code: "unauthenticated", message: line }), {
            status: 401,
            headers: { "content-type": "application/json" },
          }),
          request,
        );
        for (const error of [plain, json]) {
          expect(error.message).toContain("echo: xxx");
          expect(findSecretPiece(secret, error), `cut ${depth} characters into it`).toBeUndefined();
          expect(findSecret(secret, error)).toBeUndefined();
        }
      }
    });

    it("keeps no piece of it in response.body when the 4 KiB cut falls inside it", async () => {
      const secret = canarySecret(kind);
      for (const depth of depths) {
        const body = `${"y".repeat(4096 - depth)}${secret}${"z".repeat(100)}`;
        const error = await errorFromResponse(new Response(body, { status: 500 }), request);
        expect(error.response?.body?.length).toBeLessThanOrEqual(4096);
        expect(findSecretPiece(secret, error), `cut ${depth} characters into it`).toBeUndefined();
      }
    });

    it("keeps no piece of it where the 16 KiB read limit cuts it and redaction shrinks the rest", async () => {
      const secret = canarySecret(kind);
      // 264 registered tokens of 61 characters and a space fill 16 368 bytes: the limit falls 16 characters
      // into the secret, and redacted, the whole is short enough for response.body to show its end.
      const filler = Array.from({ length: 264 }, () => `${canarySecret("an sgp_ token")} `).join("");
      const body = `${filler}${secret}${"z".repeat(1000)}`;
      const error = await errorFromResponse(new Response(body, { status: 500 }), request);
      expect(error.response?.body?.endsWith("[REDACTED]")).toBe(true);
      expect(findSecretPiece(secret, error)).toBeUndefined();
    });
  });

  it("copes with a body already read", async () => {
    const response = new Response("gone", { status: 500 });
    await response.text();
    const error = await errorFromResponse(response, request);
    expect(error.response?.body).toBeUndefined();
  });

  it("redacts the request's Authorization header", async () => {
    const error = await errorFromResponse(new Response("", { status: 401 }), {
      ...request,
      headers: { Authorization: "token 0123456789abcdef" },
    });
    expect(error.request?.headers.authorization).toBe("[REDACTED]");
  });
});
