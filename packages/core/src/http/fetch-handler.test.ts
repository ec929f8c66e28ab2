import { describe, expect, it, vi } from "vitest";
import { NetworkError } from "../errors/network-error.js";
import { fetchHandler } from "./fetch-handler.js";
import type { HttpRequest } from "./middleware.js";

const request: HttpRequest = {
  method: "POST",
  url: new URL("https://sg.example.com/x"),
  headers: { "x-a": "1" },
  body: "{}",
  signal: undefined,
  idempotent: false,
  timeoutMs: 0,
  redirect: "follow",
  attempt: 1,
  init: { keepalive: true },
};

describe("fetchHandler", () => {
  it("sends with redirect: manual and the request's fields", async () => {
    const fetch = vi.fn(async () => new Response("ok"));
    await fetchHandler(() => fetch)(request);
    expect(fetch).toHaveBeenCalledWith("https://sg.example.com/x", {
      keepalive: true,
      method: "POST",
      headers: { "x-a": "1" },
      body: "{}",
      redirect: "manual",
    });
  });

  it("looks the fetch up on every request", async () => {
    let current = vi.fn(async () => new Response("a"));
    const handler = fetchHandler(() => current);
    await handler(request);
    current = vi.fn(async () => new Response("b"));
    expect(await (await handler(request)).text()).toBe("b");
  });

  it("marks a stream body as half duplex, as Node requires", async () => {
    const fetch = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => new Response("ok"));
    await fetchHandler(() => fetch)({ ...request, body: new Blob(["x"]).stream() });
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ duplex: "half" });
  });

  it("turns a rejection into a NetworkError naming the socket error", async () => {
    const cause = Object.assign(new Error("getaddrinfo ENOTFOUND sg.example.com"), { code: "ENOTFOUND" });
    const handler = fetchHandler(() => async () => {
      throw new TypeError("fetch failed", { cause });
    });
    const error = await handler(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toBe(
      "POST https://sg.example.com/x failed before any response: getaddrinfo ENOTFOUND sg.example.com",
    );
    expect((error as NetworkError).cause).toMatchObject({ message: "fetch failed" });
  });

  it("passes an abort on as it is", async () => {
    const controller = new AbortController();
    controller.abort();
    const handler = fetchHandler(() => async () => {
      throw controller.signal.reason;
    });
    await expect(handler({ ...request, signal: controller.signal })).rejects.toBe(controller.signal.reason);
  });
});
