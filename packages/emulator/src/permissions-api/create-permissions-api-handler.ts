import type { IncomingMessage, ServerResponse } from "node:http";
import { createContextValues, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { capacityInterceptor } from "../capacity.js";
import { faultInterceptor, nodeRequestKey } from "../fault-answers.js";
import { type ApiHandlerOptions, type NodeHandler, notFound } from "../server/router.js";
import type { CallCounters } from "../state/call-counters.js";
import { permissionsRoutes } from "./service.js";

/**
 * The Node handler of the `/api/` HTTP API: `explicitrepopermissions.v1.Service` served by Connect's Node
 * adapter at `/api/explicitrepopermissions.v1.Service/<Method>`, answering JSON with the proto (snake_case)
 * field names as the documentation shows, and reading JSON in either name style or binary protobuf.
 *
 * Interceptors, outermost first: call counting, fault injection, the capacity model; the method itself then
 * authorizes the call. An unknown procedure under `/api/` is the router's plain 404.
 */
export function createPermissionsApiHandler(options: ApiHandlerOptions): NodeHandler {
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

/**
 * Counts every call that reaches a method, before faults, capacity and authorization, so the counts are what a
 * client sent. Put it first among the interceptors.
 */
function countingInterceptor(counters: CallCounters): Interceptor {
  return (next) => (request) => {
    counters.increment(request.method.name);
    return next(request);
  };
}
