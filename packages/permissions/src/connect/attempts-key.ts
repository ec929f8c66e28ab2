import { createContextKey } from "@connectrpc/connect";

/**
 * The number of attempts a call has made so far, written by the retry interceptor into the call's context
 * values. Errors use it to say that an earlier attempt may have done the work (`already_exists` after a lost
 * answer).
 */
export const ATTEMPTS = createContextKey(0, { description: "sgkit attempts" });
