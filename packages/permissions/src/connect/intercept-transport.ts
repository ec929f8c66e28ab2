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

/**
 * Wraps `transport` so that every unary call goes through `interceptors` (the first one outermost) before the
 * transport's own. A `Transport` takes interceptors only when it is created; wrapping lets the client put its
 * auth and retry interceptors around any transport: the default one, one the user built, or
 * `createRouterTransport` in tests, so that all of them behave the same.
 *
 * Errors of the interceptors reach the caller as thrown (an sgkit error stays one). `baseUrl` only fills in
 * `request.url` for interceptors and errors; the transport builds its own URL.
 */
export function interceptTransport(
  transport: Transport,
  interceptors: Interceptor[],
  baseUrl: string,
): Transport {
  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeadersInit | undefined,
      input: MessageInitShape<I>,
      contextValues?: ReturnType<typeof createContextValues>,
    ): Promise<UnaryResponse<I, O>> {
      // Interceptors may rely on a signal, so a call without one gets one that never aborts. Unless an
      // interceptor replaced it, the transport gets the caller's own (or none): a signal costs the fetch below
      // abort listeners and, with a timeout, a combined signal.
      const requestSignal = signal ?? new AbortController().signal;
      const call = (request: UnaryRequest<I, O>) =>
        transport.unary(
          request.method,
          request.signal === requestSignal ? signal : request.signal,
          timeoutMs,
          request.header,
          request.message,
          request.contextValues,
        );
      type AnyNext = Parameters<Interceptor>[0];
      const next = interceptors.reduceRight<AnyNext>(
        (inner, interceptor) => interceptor(inner),
        call as unknown as AnyNext,
      );
      const request: UnaryRequest<I, O> = {
        stream: false,
        service: method.parent,
        method,
        requestMethod: "POST",
        url: `${baseUrl}/${method.parent.typeName}/${method.name}`,
        signal: requestSignal,
        header: new Headers(header),
        contextValues: contextValues ?? createContextValues(),
        message: isMessage(input, method.input) ? input : create(method.input, input),
      };
      return (await next(request)) as UnaryResponse<I, O>;
    },
    stream() {
      // The explicit permissions service has only unary methods; a streaming call would bypass auth and retries.
      return Promise.reject(
        new ConnectError("sgkit's permissions client makes no streaming calls", Code.Unimplemented),
      );
    },
  };
}
