import { Code, ConnectError, createClient, createContextValues } from "@connectrpc/connect";
import { Service } from "@sgkit/contracts/permissions";
import { NetworkError, TimeoutError } from "@sgkit/core";
import {
  createSourcegraphFetch,
  type SourcegraphFetch,
  type SourcegraphRequestInit,
} from "@sgkit/core/internal";
import { describe, expect, it } from "vitest";
import { ATTEMPTS, createFetchTransport, procedureUrl } from "./create-fetch-transport.js";

const BASE = "https://sg.example.com/api";
const NAME = "repositories/123/explicitRepoPermissions/456";
const PERMISSION = { name: NAME, user: "users/456", repository: "repositories/123" };

interface Sent {
  url: string;
  init: SourcegraphRequestInit;
}

/** A fetch that records what it is sent and answers with `answer()`. */
function recording(answer: () => Response) {
  const sent: Sent[] = [];
  const fetch: SourcegraphFetch = async (input, init = {}) => {
    sent.push({ url: String(input), init });
    return answer();
  };
  return { sent, fetch };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A response whose body says whether it was cancelled, as an unread body holds its connection until then. */
function watched(status: number, contentType: string) {
  const state = { cancelled: false };
  const body = new ReadableStream({
    cancel() {
      state.cancelled = true;
    },
  });
  return { state, response: new Response(body, { status, headers: { "content-type": contentType } }) };
}

function rpc(fetch: SourcegraphFetch, binary = false) {
  return createClient(Service, createFetchTransport({ baseUrl: BASE, fetch, binary }));
}

describe("procedureUrl", () => {
  it("is the documented path of each procedure under the base URL", () => {
    expect(procedureUrl("https://sg.example.com/api", Service.method.createExplicitRepoPermission)).toBe(
      "https://sg.example.com/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission",
    );
    expect(procedureUrl("", Service.method.listExplicitRepoPermissions)).toBe(
      "/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions",
    );
  });
});

describe("createFetchTransport", () => {
  it("POSTs the Connect request to <baseUrl>/<service>/<method> and reads the answer", async () => {
    const { sent, fetch } = recording(() => json(PERMISSION));
    const answer = await rpc(fetch).getExplicitRepoPermission({ name: NAME }, { headers: { "x-a": "1" } });
    expect(answer).toMatchObject(PERMISSION);
    expect(sent).toHaveLength(1);
    const [{ url, init }] = sent as [Sent];
    expect(url).toBe(`${BASE}/explicitrepopermissions.v1.Service/GetExplicitRepoPermission`);
    expect(init.method).toBe("POST");
    expect(init.body).toBe(`{"name":"${NAME}"}`);
    expect(Object.fromEntries(new Headers(init.headers))).toEqual({
      "content-type": "application/json",
      "connect-protocol-version": "1",
      "x-a": "1",
    });
    // The fetch's own redirect policy applies; no signal and no timeout of its own unless the caller gave them.
    expect(init).not.toHaveProperty("redirect");
    expect(init).not.toHaveProperty("signal");
    expect(init).not.toHaveProperty("timeoutMs");
  });

  it("marks every call idempotent, and hands the fetch the caller's signal and Connect's timeout", async () => {
    const { sent, fetch } = recording(() => json(PERMISSION));
    const { signal } = new AbortController();
    await rpc(fetch).getExplicitRepoPermission({ name: NAME }, { signal, timeoutMs: 250 });
    await rpc(fetch).createExplicitRepoPermission({ parent: "repositories/123" });
    const [first, second] = sent as [Sent, Sent];
    expect(first.init).toMatchObject({ idempotent: true, signal, timeoutMs: 250 });
    expect(new Headers(first.init.headers).get("connect-timeout-ms")).toBe("250");
    expect(second.init.idempotent).toBe(true);
  });

  it("puts the attempts of an answer its fetch retried into the call's context values", async () => {
    const statuses = [503, 503, 200];
    const fetch = createSourcegraphFetch({
      api: "http-api",
      retry: { budget: false },
      sleep: async () => {},
      fetch: async () => {
        const status = statuses.shift() ?? 500;
        return status === 200 ? json(PERMISSION) : json({ code: "unavailable" }, status);
      },
    });
    const retried = createContextValues();
    await rpc(fetch).getExplicitRepoPermission({ name: NAME }, { contextValues: retried });
    expect(retried.get(ATTEMPTS)).toBe(3);
    const firstTime = createContextValues();
    statuses.push(200);
    await rpc(fetch).getExplicitRepoPermission({ name: NAME }, { contextValues: firstTime });
    expect(firstTime.get(ATTEMPTS)).toBe(0);
  });

  it("speaks protobuf when asked", async () => {
    const { sent, fetch } = recording(
      () => new Response(new Uint8Array(), { headers: { "content-type": "application/proto" } }),
    );
    await rpc(fetch, true).deleteExplicitRepoPermission({ name: NAME });
    const [{ init }] = sent as [Sent];
    expect(new Headers(init.headers).get("content-type")).toBe("application/proto");
    expect(init.body).toBeInstanceOf(Uint8Array);
  });

  it("splits trailer- headers into the trailers", async () => {
    const { fetch } = recording(() => json(PERMISSION, 200, { "x-request-id": "r1", "trailer-x-cost": "7" }));
    let header: Headers | undefined;
    let trailer: Headers | undefined;
    await rpc(fetch).getExplicitRepoPermission(
      { name: NAME },
      { onHeader: (h) => (header = h), onTrailer: (t) => (trailer = t) },
    );
    expect(header?.get("x-request-id")).toBe("r1");
    expect(header?.has("trailer-x-cost")).toBe(false);
    expect(trailer?.get("x-cost")).toBe("7");
  });

  it("reads a Connect error from the body, with the response headers as metadata", async () => {
    const { fetch } = recording(() =>
      json({ code: "already_exists", message: "already there" }, 409, { "x-request-id": "r2" }),
    );
    const error = await rpc(fetch)
      .createExplicitRepoPermission({
        parent: "repositories/123",
        explicitRepoPermission: { user: "users/456" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).toMatchObject({ code: Code.AlreadyExists, rawMessage: "already there", isWireError: true });
    expect((error as ConnectError).metadata.get("x-request-id")).toBe("r2");
  });

  it.each([
    ["a JSON error body that is not a Connect error", () => json(["no"], 503, { "retry-after": "3" })],
    [
      "an unreadable JSON error body",
      () =>
        new Response("{", {
          status: 503,
          headers: { "content-type": "application/json", "retry-after": "3" },
        }),
    ],
  ])("falls back on the HTTP status for %s", async (_, answer) => {
    const { fetch } = recording(answer);
    const error = await rpc(fetch)
      .getExplicitRepoPermission({ name: NAME })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: Code.Unavailable, rawMessage: "HTTP 503", isWireError: false });
    expect((error as ConnectError).metadata.get("retry-after")).toBe("3");
  });

  it("accepts a 200 whose content type is the one asked for with parameters, or in another case", async () => {
    for (const type of ["application/json; charset=utf-8", "Application/JSON"]) {
      const fetch: SourcegraphFetch = async () =>
        new Response(JSON.stringify(PERMISSION), { headers: { "content-type": type } });
      await expect(rpc(fetch).getExplicitRepoPermission({ name: NAME })).resolves.toMatchObject(PERMISSION);
    }
  });

  it.each([
    [503, "text/plain", Code.Unavailable, "HTTP 503"],
    [200, "text/html", Code.Unknown, "unsupported content type text/html"],
    [200, "application/proto", Code.Internal, "unsupported content type application/proto"],
  ])("refuses an HTTP %i %s answer and cancels its unread body", async (status, type, code, message) => {
    const { state, response } = watched(status, type);
    const error = await rpc(async () => response)
      .getExplicitRepoPermission({ name: NAME })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, rawMessage: message });
    expect(state.cancelled).toBe(true);
  });

  it.each([
    [new TimeoutError("slow", { timeoutMs: 5 }), Code.DeadlineExceeded],
    [new NetworkError("reset"), Code.Unavailable],
  ])("rethrows %s as a ConnectError of its code, keeping it as the cause", async (failure, code) => {
    const error = await rpc(async () => {
      throw failure;
    })
      .getExplicitRepoPermission({ name: NAME })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(code);
    expect((error as ConnectError).cause).toBe(failure);
  });

  it("reports the caller's abort as canceled, with the caller's reason as the cause", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const fetch: SourcegraphFetch = async (_input, init) => {
      controller.abort(reason);
      throw init?.signal?.reason;
    };
    const error = await rpc(fetch)
      .getExplicitRepoPermission({ name: NAME }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: Code.Canceled });
    expect((error as ConnectError).cause).toBe(reason);
  });

  it("refuses streaming calls", async () => {
    const transport = createFetchTransport({ baseUrl: BASE, fetch: async () => json({}), binary: false });
    const error = await transport
      .stream(
        Service.method.getExplicitRepoPermission as never,
        undefined,
        undefined,
        undefined,
        (async function* () {})(),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: Code.Unimplemented });
  });
});
