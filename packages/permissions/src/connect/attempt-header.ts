import type { Interceptor } from "@connectrpc/connect";
import { ATTEMPTS } from "./attempts-key.js";

/**
 * Carries the attempt number from the retry interceptor to sgkit's fetch under the default transport, whose
 * debug events report it. A transport hands a fetch nothing but the request, so the number rides in a header
 * that `createConnectFetch` removes again: it is never sent.
 */
export const ATTEMPT_HEADER = "x-sgkit-attempt";

/** The default transport's innermost interceptor: writes the call's current attempt into {@link ATTEMPT_HEADER}. */
export function attemptHeaderInterceptor(): Interceptor {
  return (next) => (request) => {
    request.header.set(ATTEMPT_HEADER, String(request.contextValues.get(ATTEMPTS) || 1));
    return next(request);
  };
}
