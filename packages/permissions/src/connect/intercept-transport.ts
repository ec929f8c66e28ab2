import {
  create,
  type DescMessage,
  type DescMethodUnary,
  isMessage,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  type Interceptor,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from "@connectrpc/connect";
import { procedureUrl } from "./procedure-url.js";

/** Where a request keeps what its caller passed beside it, for the transport at the end of the chain. */
const CALLER = Symbol("sgkit.permissions.caller");

/**
 * Wraps `transport` so that every unary call goes through `interceptors` (the first one outermost) before the
 * transport's own. A `Transport` takes interceptors only when it is created; wrapping lets the client put its
 * auth and retry interceptors around a transport the user built (connect-web's, connect-node's, or
 * `createRouterTransport` in tests), so that it behaves as the default transport, which does both in its fetch.
 *
 * Errors of the interceptors reach the caller as thrown (an sgkit error stays one). `baseUrl` only fills in
 * `request.url` for interceptors and errors; the transport builds its own URL.
 */
export function interceptTransport(
  transport: Transport,
  interceptors: Interceptor[],
  baseUrl: string,
): Transport {
  type AnyRequest = UnaryRequest<DescMessage, DescMessage>;
  type AnyNext = Parameters<Interceptor>[0];
  // What the caller gave, beside the request, for the innermost step; a symbol survives an interceptor's spread.
  type CallerRequest = AnyRequest & {
    [CALLER]?: { signal: AbortSignal | undefined; timeoutMs: number | undefined; requestSignal: AbortSignal };
  };
  const send = (request: AnyRequest) => {
    const caller = (request as CallerRequest)[CALLER];
    return transport.unary(
      request.method,
      // Unless an interceptor replaced it, the transport gets the caller's own signal (or none), not the one
      // made up for the interceptors: a fetch-based transport pays abort listeners for any signal it is given.
      caller && request.signal === caller.requestSignal ? caller.signal : request.signal,
      caller?.timeoutMs,
      request.header,
      request.message,
      request.contextValues,
    );
  };
  // Built once: the chain depends on nothing of a call but its request.
  const chain = interceptors.reduceRight<AnyNext>(
    (inner, interceptor) => interceptor(inner),
    send as unknown as AnyNext,
  );
  return {
    unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeadersInit | undefined,
      input: MessageInitShape<I>,
      contextValues?: ReturnType<typeof createContextValues>,
    ): Promise<UnaryResponse<I, O>> {
      // Interceptors may rely on a signal, so a call without one gets one that never aborts.
      const requestSignal = signal ?? new AbortController().signal;
      try {
        const request = {
          stream: false,
          service: method.parent,
          method,
          requestMethod: "POST",
          url: procedureUrl(baseUrl, method),
          signal: requestSignal,
          header: new Headers(header),
          contextValues: contextValues ?? createContextValues(),
          message: isMessage(input, method.input) ? input : create(method.input, input),
          [CALLER]: { signal, timeoutMs, requestSignal },
        };
        return chain(request as unknown as Parameters<AnyNext>[0]) as Promise<UnaryResponse<I, O>>;
      } catch (error) {
        // Not async, so that the chain's promise is returned as it is (a hop fewer per call); what throws
        // before it (a message that cannot be built) rejects all the same.
        return Promise.reject(error);
      }
    },
    stream() {
      // The explicit permissions service has only unary methods; a streaming call would bypass auth and retries.
      return Promise.reject(
        new ConnectError("sgkit's permissions client makes no streaming calls", Code.Unimplemented),
      );
    },
  };
}
