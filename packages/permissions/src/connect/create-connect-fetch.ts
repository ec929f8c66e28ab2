import { ConnectError } from "@connectrpc/connect";
import { SourcegraphError, type SourcegraphFetch } from "@sgkit/core";
import { ATTEMPT_HEADER } from "./attempt-header.js";
import { connectCodeFromErrorCode } from "./connect-code-from-error-code.js";

/**
 * Adapts sgkit's shared fetch to the Connect transport of `@connectrpc/connect-web`.
 *
 * - The transport asks for `redirect: "error"`; that option is dropped so that sgkit's own redirect policy
 *   applies, as for every sgkit client: same-origin redirects are followed, any other origin is refused with an
 *   error naming it, and nothing (no token) is ever sent there.
 * - The attempt number the retry interceptor put in {@link ATTEMPT_HEADER} is taken out of the headers and
 *   handed to the fetch, so its debug events count attempts as the `retry` events do.
 * - An sgkit error (`NetworkError`, `TimeoutError`, `ConfigurationError`, …) is rethrown as a `ConnectError` of
 *   the same code with the sgkit error as its cause. Connect turns any other rejection into a `ConnectError`
 *   itself, and would turn one named `TimeoutError` into `canceled`, losing it; wrapped, it keeps its meaning
 *   for the retry interceptor and reaches the caller unchanged.
 */
export function createConnectFetch(sourcegraphFetch: SourcegraphFetch): typeof fetch {
  return async (input, init) => {
    const { redirect: _ignored, ...rest } = init ?? {};
    const headers = new Headers(rest.headers);
    const attempt = Number(headers.get(ATTEMPT_HEADER)) || 1;
    headers.delete(ATTEMPT_HEADER);
    try {
      return await sourcegraphFetch(input, { ...rest, headers, attempt });
    } catch (error) {
      if (!SourcegraphError.isInstance(error)) throw error;
      throw new ConnectError(
        error.message,
        connectCodeFromErrorCode(error.code),
        undefined,
        undefined,
        error,
      );
    }
  };
}
