import type { IncomingMessage, ServerResponse } from "node:http";
import { plainText } from "../server/plain-text.js";
import type { FaultDecision } from "./create-fault-injector.js";

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
