import { Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { sampleInstance } from "../../test/sample-instance.js";
import { Service } from "../gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
import { createInMemoryPermissionsTransport } from "../testing/create-in-memory-permissions-transport.js";
import { interceptTransport } from "./intercept-transport.js";

describe("interceptTransport", () => {
  it("runs the interceptors around any transport, the first one outermost, with a full request", async () => {
    const server = createInMemoryPermissionsTransport(sampleInstance());
    const order: string[] = [];
    const tag =
      (label: string): Interceptor =>
      (next) =>
      async (request) => {
        order.push(`${label} in`);
        request.header.set(`x-${label}`, "1");
        const response = await next(request);
        order.push(`${label} out`);
        return response;
      };
    let seen: { url: string; method: string; aborted: boolean; message: unknown } | undefined;
    const spy: Interceptor = (next) => async (request) => {
      seen = {
        url: request.url,
        method: request.requestMethod,
        aborted: request.signal.aborted,
        message: request.message,
      };
      return next(request);
    };
    const rpc = createClient(
      Service,
      interceptTransport(server.transport, [tag("outer"), tag("inner"), spy], "https://sg.example.com/api"),
    );
    const answer = await rpc.getExplicitRepoPermission({
      name: "repositories/123/explicitRepoPermissions/456",
    });
    expect(answer.user).toBe("users/456");
    expect(order).toEqual(["outer in", "inner in", "inner out", "outer out"]);
    expect(seen).toMatchObject({
      url: "https://sg.example.com/api/explicitrepopermissions.v1.Service/GetExplicitRepoPermission",
      method: "POST",
      aborted: false,
      message: { name: "repositories/123/explicitRepoPermissions/456" },
    });
  });

  it("passes the interceptors' headers to the transport and their errors to the caller unchanged", async () => {
    const server = createInMemoryPermissionsTransport(sampleInstance({ tokens: ["abc"] }));
    const auth: Interceptor = (next) => async (request) => {
      request.header.set("authorization", "Bearer abc");
      return next(request);
    };
    const rpc = createClient(Service, interceptTransport(server.transport, [auth], ""));
    await rpc.getExplicitRepoPermission({ name: "repositories/123/explicitRepoPermissions/456" });
    expect(server.calls[0]?.authorization).toBe("Bearer abc");

    const failure = new TypeError("from an interceptor");
    const failing: Interceptor = () => async () => {
      throw failure;
    };
    const broken = createClient(Service, interceptTransport(server.transport, [failing], ""));
    await expect(broken.getExplicitRepoPermission({ name: "x" })).rejects.toBe(failure);
  });

  it("hands the transport the caller's own signal and timeout, or an interceptor's signal when it set one", async () => {
    const seen: { signal: AbortSignal | undefined; timeoutMs: number | undefined }[] = [];
    const recording: Transport = {
      unary(method, signal, timeoutMs, header, input, contextValues) {
        seen.push({ signal, timeoutMs });
        return server.transport.unary(method, signal, timeoutMs, header, input, contextValues);
      },
      stream: () => Promise.reject(new Error("unused")),
    };
    const server = createInMemoryPermissionsTransport(sampleInstance());
    // An interceptor that passes on a copy of the request: what the caller gave must survive the copy.
    const copying: Interceptor = (next) => (request) => next({ ...request });
    const rpc = createClient(Service, interceptTransport(recording, [copying], ""));
    const name = "repositories/123/explicitRepoPermissions/456";

    await rpc.getExplicitRepoPermission({ name });
    const caller = new AbortController();
    await rpc.getExplicitRepoPermission({ name }, { signal: caller.signal, timeoutMs: 250 });
    const replaced = new AbortController();
    const replacing: Interceptor = (next) => (request) => next({ ...request, signal: replaced.signal });
    await createClient(Service, interceptTransport(recording, [replacing], "")).getExplicitRepoPermission({
      name,
    });

    expect(seen).toEqual([
      { signal: undefined, timeoutMs: undefined },
      { signal: caller.signal, timeoutMs: 250 },
      { signal: replaced.signal, timeoutMs: undefined },
    ]);
  });

  it("refuses streaming calls, which would bypass the interceptors", async () => {
    const server = createInMemoryPermissionsTransport();
    const transport = interceptTransport(server.transport, [], "");
    const error = await transport
      .stream(
        Service.method.getExplicitRepoPermission as never,
        undefined,
        undefined,
        undefined,
        (async function* () {})(),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unimplemented);
  });
});
