/** RFC 9110's idempotent methods that Sourcegraph's APIs use; TRACE is left out as nothing sends it. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Whether a request may be sent again after a failure without doing harm, judged by its method alone: GET, HEAD,
 * OPTIONS, PUT and DELETE are; POST and PATCH are not. A client that knows better (a GraphQL query sent as
 * POST, a Connect call the API documents as safe) says so with `idempotent: true` on the request.
 */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
