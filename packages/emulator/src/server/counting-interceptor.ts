import type { Interceptor } from "@connectrpc/connect";
import type { CallCounters } from "../state/call-counters.js";

/**
 * Counts every call that reaches a method, before faults, capacity and authorization, so the counts are what a
 * client sent. Put it first among the interceptors.
 */
export function countingInterceptor(counters: CallCounters): Interceptor {
  return (next) => (request) => {
    counters.increment(request.method.name);
    return next(request);
  };
}
