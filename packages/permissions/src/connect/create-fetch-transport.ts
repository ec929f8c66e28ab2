import {
  create,
  type DescMessage,
  type DescMethod,
  type DescMethodUnary,
  type DescService,
  fromBinary,
  fromJson,
  isMessage,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
  toBinary,
  toJsonString,
} from "@bufbuild/protobuf";
import {
  appendHeaders,
  Code,
  ConnectError,
  type ContextValues,
  createContextKey,
  type Transport,
  type UnaryResponse,
} from "@connectrpc/connect";
import {
  contentTypeUnaryJson,
  contentTypeUnaryProto,
  errorFromJson,
  protocolVersion,
  trailerDemux,
  validateResponse,
} from "@connectrpc/connect/protocol-connect";
import { SourcegraphError } from "@sgkit/core";
import { responseAttempts, type SourcegraphFetch, type SourcegraphRequestInit } from "@sgkit/core/internal";
import { connectCodeFromErrorCode } from "./codes.js";

/** What the fetch transport sends, where, and how. */
export interface FetchTransportOptions {
  /** Prefixed to `/<service>/<method>`: the instance's `/api` URL. */
  baseUrl: string;
  /**
   * sgkit's shared fetch, made with {@link RETRYABLE_STATUSES}: authorization, retries, timeouts, redirects,
   * `User-Agent`, the plain-HTTP guard and debug events.
   */
  fetch: SourcegraphFetch;
  /** Protobuf (`application/proto`) instead of JSON. */
  binary: boolean;
}

/** Writes the documented snake_case names; reading accepts both spellings whatever this says. */
const JSON_WRITE = { useProtoFieldName: true } as const;
/** A newer server may answer with fields this client does not know yet. */
const JSON_READ = { ignoreUnknownFields: true } as const;

/**
 * The HTTP statuses after which the fetch sends a call again: those of the Connect codes that mean "not now"
 * (`resource_exhausted` 429, `unavailable` 503, `deadline_exceeded` 504), and 502, which Connect reads as
 * `unavailable` when no Connect error came with it (a proxy's page). Not 500, which `@sgkit/core` retries for
 * plain HTTP: in the Connect protocol it is `internal`, `unknown` or `data_loss`, which no retry fixes.
 */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504];

/**
 * The number of attempts a call took, written into the call's context values when the fetch retried it. Errors
 * use it to say that an earlier attempt may have done the work (`already_exists` after a lost answer).
 */
export const ATTEMPTS = createContextKey(0, { description: "sgkit attempts" });

/** Where the Connect protocol sends `method`: `<baseUrl>/<package.Service>/<Method>`. */
export function procedureUrl(baseUrl: string, method: DescMethod): string {
  return `${baseUrl}/${method.parent.typeName}/${method.name}`;
}

/**
 * The permissions client's transport: the Connect protocol's unary calls (JSON or protobuf) over sgkit's shared
 * fetch, so it runs wherever `fetch` does (Node, browsers, Deno, Bun) and nock, or an emulator's in-process
 * `fetch`, can stand in for the server. The protocol's details (content types, its version, the JSON error body,
 * trailers) come from `@connectrpc/connect/protocol-connect`, as in `@connectrpc/connect-web`.
 *
 * Every call is sent as idempotent, so that the fetch retries it, Create and Delete included: both set a state
 * ("has access", "has no access") rather than add to one, so sending one twice leaves the state of sending it
 * once. What a retry can change is the answer: when the first attempt was applied and its answer lost, the retry
 * answers `already_exists` (Create) or `not_found` (Delete). `grant`, `revoke` and
 * `replaceRepositoryPermissions` read those as "already in the desired state", which is then true, and report
 * them apart from their certain changes (`"present-after-retry"`); plain `create` and `delete` report them, and
 * the error says the call was retried and carries the number of attempts (from {@link ATTEMPTS}).
 *
 * Unlike connect-web: the fetch gets the caller's signal and nothing else (connect-web aborts a signal of its
 * own once each call ends); `redirect` is left to the fetch, whose policy follows same-origin redirects and
 * refuses any other; an sgkit error (`NetworkError`, `TimeoutError`, `ConfigurationError`, …) becomes a
 * `ConnectError` of the same code with the sgkit error as its cause, so the caller still sees it; a response
 * that is not taken is cancelled, so that its connection is freed. Connect's `timeoutMs` becomes both the
 * `connect-timeout-ms` header and the fetch's per-attempt timeout.
 */
export function createFetchTransport(options: FetchTransportOptions): Transport {
  const { baseUrl, fetch, binary } = options;
  const contentType = binary ? contentTypeUnaryProto : contentTypeUnaryJson;
  const urls = new Map<DescMethod, string>();
  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeadersInit | undefined,
      input: MessageInitShape<I>,
      contextValues?: ContextValues,
    ): Promise<UnaryResponse<I, O>> {
      const message = isMessage(input, method.input) ? input : create(method.input, input);
      const deadlineMs = timeoutMs !== undefined && timeoutMs > 0 ? timeoutMs : undefined;
      const headers: Record<string, string> = {};
      if (header !== undefined) {
        (header instanceof Headers ? header : new Headers(header)).forEach((value, name) => {
          headers[name] = value;
        });
      }
      headers["content-type"] = contentType;
      headers["connect-protocol-version"] = protocolVersion;
      if (deadlineMs !== undefined) headers["connect-timeout-ms"] = String(deadlineMs);
      const init: SourcegraphRequestInit = {
        method: "POST",
        headers,
        body: binary ? toBinary(method.input, message) : toJsonString(method.input, message, JSON_WRITE),
        idempotent: true,
      };
      if (signal) init.signal = signal;
      if (deadlineMs !== undefined) init.timeoutMs = deadlineMs;
      let response: Response | undefined;
      try {
        let url = urls.get(method);
        if (url === undefined) {
          url = procedureUrl(baseUrl, method);
          urls.set(method, url);
        }
        response = await fetch(url, init);
        const attempts = responseAttempts(response);
        if (attempts > 1) contextValues?.set(ATTEMPTS, attempts);
        // A 200 of exactly the content type asked for is what validateResponse accepts without a word.
        if (response.status !== 200 || response.headers.get("content-type") !== contentType) {
          const { isUnaryError, unaryError } = validateResponse(
            method.methodKind,
            binary,
            response.status,
            response.headers,
          );
          if (isUnaryError) {
            // A body that is not a Connect error leaves the error Connect derived from the HTTP status. That one
            // gets the headers from errorFromJson, not also from validateResponse: `Retry-After: 3, 3` is no
            // date.
            const body: JsonValue = await response.json().catch(() => null);
            const fallback = new ConnectError(unaryError.rawMessage, unaryError.code);
            throw errorFromJson(body, appendHeaders(...trailerDemux(response.headers)), fallback);
          }
        }
        const output = binary
          ? fromBinary(method.output, new Uint8Array(await response.arrayBuffer()))
          : fromJson(method.output, await response.json(), JSON_READ);
        return new FetchUnaryResponse(method, output, response.headers);
      } catch (error) {
        if (response && !response.bodyUsed) response.body?.cancel().catch(() => {});
        throw toConnectError(error, signal);
      }
    },
    stream() {
      // The explicit permissions service has only unary methods.
      return Promise.reject(
        new ConnectError("sgkit's permissions transport makes no streaming calls", Code.Unimplemented),
      );
    },
  };
}

/** A unary call's answer, whose header and trailer are split out of the HTTP headers when first asked for. */
class FetchUnaryResponse<I extends DescMessage, O extends DescMessage> implements UnaryResponse<I, O> {
  readonly stream = false;
  readonly service: DescService;
  readonly #httpHeaders: Headers;
  #demuxed: [header: Headers, trailer: Headers] | undefined;

  constructor(
    readonly method: DescMethodUnary<I, O>,
    readonly message: MessageShape<O>,
    httpHeaders: Headers,
  ) {
    this.service = method.parent;
    this.#httpHeaders = httpHeaders;
  }

  get header(): Headers {
    this.#demuxed ??= trailerDemux(this.#httpHeaders);
    return this.#demuxed[0];
  }

  get trailer(): Headers {
    this.#demuxed ??= trailerDemux(this.#httpHeaders);
    return this.#demuxed[1];
  }
}

/**
 * Connect's error for what a call threw: an sgkit error keeps its meaning (Connect would call a `TimeoutError`
 * `canceled`, going by its name), the caller's abort is `canceled`, and anything else is what
 * `ConnectError.from` makes of it.
 */
function toConnectError(error: unknown, signal: AbortSignal | undefined): ConnectError {
  if (error instanceof ConnectError) return error;
  if (SourcegraphError.isInstance(error)) {
    return new ConnectError(error.message, connectCodeFromErrorCode(error.code), undefined, undefined, error);
  }
  if (signal?.aborted) return ConnectError.from(signal.reason, Code.Canceled);
  return ConnectError.from(error);
}
