import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { nodeRequestKey } from "../server/node-request-key.js";
import { sleep } from "../server/sleep.js";
import type { FaultInjector } from "./create-fault-injector.js";

/**
 * Applies the injector's decisions to Connect calls on the server. It runs before the method (and before
 * authentication), as a load balancer or an overloaded server would:
 *
 * - latency: waits, then goes on;
 * - `unavailable` / `rateLimited`: throws the Connect error (503, or 429 with `Retry-After` as a header);
 * - `reset`: destroys the socket without running the method;
 * - `lostAnswer`: runs the method (so a write is applied) and destroys the socket instead of answering.
 *
 * After a destroyed socket Connect still tries to write its answer; Node refuses the write and Connect drops
 * it as an aborted call, so nothing reaches the client and nothing is logged.
 *
 * @param signal - aborts pending latency when the emulator stops.
 */
export function faultInterceptor(injector: FaultInjector, signal?: AbortSignal): Interceptor {
  return (next) => async (request) => {
    const decision = injector.decide(request.method.name);
    if (decision.latencyMs > 0) {
      await sleep(decision.latencyMs, signal ? AbortSignal.any([signal, request.signal]) : request.signal);
    }
    const dropConnection = () => {
      request.contextValues.get(nodeRequestKey)?.socket.destroy();
      return new ConnectError("injected fault: connection dropped", Code.Aborted);
    };
    switch (decision.kind) {
      case "unavailable":
        throw new ConnectError("injected fault: the service is unavailable", Code.Unavailable);
      case "rateLimited":
        throw new ConnectError("injected fault: too many requests", Code.ResourceExhausted, {
          "Retry-After": String(decision.retryAfterSeconds),
        });
      case "reset":
        throw dropConnection();
      case "lostAnswer":
        try {
          await next(request);
        } catch {
          // The answer is lost whether the method succeeded or failed.
        }
        throw dropConnection();
      default:
        return next(request);
    }
  };
}
