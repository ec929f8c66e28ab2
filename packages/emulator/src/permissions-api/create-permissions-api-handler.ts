import type { IncomingMessage, ServerResponse } from "node:http";
import { createContextValues, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { capacityInterceptor } from "../capacity/capacity-interceptor.js";
import type { CapacityLimiter } from "../capacity/create-capacity-limiter.js";
import type { FaultInjector } from "../faults/create-fault-injector.js";
import { faultInterceptor } from "../faults/fault-interceptor.js";
import { countingInterceptor } from "../server/counting-interceptor.js";
import { type NodeHandler, notFound } from "../server/create-router.js";
import { nodeRequestKey } from "../server/node-request-key.js";
import type { EmulatorState } from "../state/emulator-state.js";
import { permissionsRoutes } from "./permissions-routes.js";

/** What the HTTP API handler works with. */
export interface PermissionsApiHandlerOptions {
  readonly state: EmulatorState;
  readonly faults?: FaultInjector | undefined;
  readonly capacity?: CapacityLimiter | undefined;
  /** Aborts injected latency when the emulator stops. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The Node handler of the `/api/` HTTP API: `explicitrepopermissions.v1.Service` served by Connect's Node
 * adapter at `/api/explicitrepopermissions.v1.Service/<Method>`, answering JSON with the proto (snake_case)
 * field names as the documentation shows, and reading JSON in either name style or binary protobuf.
 *
 * Interceptors, outermost first: call counting, fault injection, the capacity model; the method itself then
 * authorizes the call. An unknown procedure under `/api/` is the router's plain 404.
 */
export function createPermissionsApiHandler(options: PermissionsApiHandlerOptions): NodeHandler {
  const interceptors: Interceptor[] = [countingInterceptor(options.state.counters)];
  if (options.faults) interceptors.push(faultInterceptor(options.faults, options.signal));
  if (options.capacity) interceptors.push(capacityInterceptor(options.capacity));
  return connectNodeAdapter({
    routes: permissionsRoutes(options.state),
    requestPathPrefix: "/api",
    jsonOptions: { useProtoFieldName: true },
    interceptors,
    contextValues: (request) => createContextValues().set(nodeRequestKey, request),
    // The emulator serves HTTP/1.1 only, so the adapter's requests are always node:http ones.
    fallback: (request, response) => notFound(request as IncomingMessage, response as ServerResponse),
  });
}
