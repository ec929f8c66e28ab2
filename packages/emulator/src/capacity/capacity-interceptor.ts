import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { CapacityExceededError } from "./capacity-exceeded-error.js";
import type { CapacityLimiter } from "./create-capacity-limiter.js";

/**
 * Runs each Connect call through the capacity model; a call that found no worker in time fails `unavailable`
 * (503), which clients retry with backoff. Rows are counted in List answers (`explicit_repo_permissions`).
 */
export function capacityInterceptor(limiter: CapacityLimiter): Interceptor {
  return (next) => async (request) => {
    try {
      return await limiter.run(
        () => next(request),
        (response) => {
          const message = response.message as { explicitRepoPermissions?: unknown[] };
          return Array.isArray(message.explicitRepoPermissions) ? message.explicitRepoPermissions.length : 0;
        },
        request.signal,
      );
    } catch (error) {
      if (error instanceof CapacityExceededError) throw new ConnectError(error.message, Code.Unavailable);
      throw error;
    }
  };
}
