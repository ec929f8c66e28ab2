/**
 * The attempt that produced each response the retry layer settled on after a retry. A side table rather than
 * a property: a `Response` is not ours to extend, and first attempts, by far the most, are never written.
 */
const ATTEMPTS = new WeakMap<Response, number>();

/** Records that `response` answered attempt `attempt` (2 or more) of its request. */
export function recordResponseAttempts(response: Response, attempt: number): Response {
  ATTEMPTS.set(response, attempt);
  return response;
}

/**
 * How many attempts the shared fetch made before it settled on `response`: 1 unless its retry layer retried,
 * and 1 for a response that did not come from a `SourcegraphFetch`. A client that reports "the call was
 * retried" (an answer of `already_exists` may then be of its own earlier attempt) reads it here.
 */
export function responseAttempts(response: Response): number {
  return ATTEMPTS.get(response) ?? 1;
}
