import { Code, ConnectError } from "@connectrpc/connect";
import { NetworkError, type SourcegraphFetch, TimeoutError } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { ATTEMPT_HEADER } from "./attempt-header.js";
import { createConnectFetch } from "./create-connect-fetch.js";

describe("createConnectFetch", () => {
  it("drops connect-web's redirect: error so that sgkit's own redirect policy applies, and passes the rest", async () => {
    let received: RequestInit | undefined;
    const inner: SourcegraphFetch = async (_input, init) => {
      received = init;
      return new Response("{}");
    };
    const headers = new Headers({ "content-type": "application/json" });
    await createConnectFetch(inner)("https://sg.example.com/api/x", {
      method: "POST",
      redirect: "error",
      headers,
      body: "{}",
    });
    expect(received).toEqual({ method: "POST", headers, body: "{}", attempt: 1 });
  });

  it("hands the attempt number on to the fetch and never sends its header", async () => {
    let received: (RequestInit & { attempt?: number }) | undefined;
    const inner: SourcegraphFetch = async (_input, init) => {
      received = init;
      return new Response("{}");
    };
    await createConnectFetch(inner)("https://sg.example.com/api/x", {
      method: "POST",
      headers: { "content-type": "application/json", [ATTEMPT_HEADER]: "3" },
      body: "{}",
    });
    expect(received?.attempt).toBe(3);
    expect([...new Headers(received?.headers).keys()]).toEqual(["content-type"]);
  });

  it.each([
    [new TimeoutError("slow", { timeoutMs: 5 }), Code.DeadlineExceeded],
    [new NetworkError("reset"), Code.Unavailable],
  ])("rethrows %s as a ConnectError of its code, keeping it as the cause", async (error, code) => {
    const failing = createConnectFetch(async () => {
      throw error;
    });
    const thrown = await failing("https://sg.example.com/").catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ConnectError);
    expect((thrown as ConnectError).code).toBe(code);
    expect((thrown as ConnectError).cause).toBe(error);
    // Connect rewraps any other error (one named TimeoutError even as `canceled`); a ConnectError stays as it is.
    expect(ConnectError.from(thrown)).toBe(thrown);
  });

  it("leaves other errors, such as the caller's abort, alone", async () => {
    const abort = new DOMException("aborted", "AbortError");
    const failing = createConnectFetch(async () => {
      throw abort;
    });
    await expect(failing("https://sg.example.com/")).rejects.toBe(abort);
  });
});
