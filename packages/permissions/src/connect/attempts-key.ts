import { createContextKey } from "@connectrpc/connect";

/**
 * The number of attempts a call has made so far, written into the call's context values by the retry
 * interceptor, or by the default transport when its fetch retried. Errors use it to say that an earlier attempt
 * may have done the work (`already_exists` after a lost answer).
 */
export const ATTEMPTS = createContextKey(0, { description: "sgkit attempts" });
