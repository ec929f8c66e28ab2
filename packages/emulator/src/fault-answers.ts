import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import type { FaultDecision, FaultInjector } from "./faults.js";
import { plainText } from "./server/router.js";

/**
 * The Node request of a Connect call, put in the call's context values by the adapter, so that interceptors can
 * reach the raw socket: a connection-reset or lost-answer fault destroys it, which Connect alone cannot do.
 */
export const nodeRequestKey = createContextKey<IncomingMessage | Http2ServerRequest | undefined>(undefined, {
  description: "the Node.js request of a Connect call",
});

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
      const signals = signal ? [signal, request.signal] : [request.signal];
      await sleep(decision.latencyMs, undefined, { signal: AbortSignal.any(signals) });
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

/**
 * Answers a plain HTTP route's request with an injected fault that happens before any work (503, 429 with
 * `Retry-After` and an empty body, a reset connection). Returns false when `decision` is not one of those, for
 * the route to go on (latency and lost answers are the route's own to apply).
 */
export function answerHttpFault(
  decision: FaultDecision | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  switch (decision?.kind) {
    case "unavailable":
      plainText(response, 503, "injected fault: the service is unavailable");
      return true;
    case "rateLimited":
      response
        .writeHead(429, { "Retry-After": String(decision.retryAfterSeconds), "Content-Length": "0" })
        .end();
      return true;
    case "reset":
      request.socket.destroy();
      return true;
    default:
      return false;
  }
}
