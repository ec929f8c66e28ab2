import { describe, expect, it } from "vitest";
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
