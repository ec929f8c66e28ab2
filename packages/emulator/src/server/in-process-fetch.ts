import { request as httpRequest, type IncomingMessage } from "node:http";
import { type Duplex, pipeline, type Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** What {@link createInProcessFetch} needs from the emulator. */
export interface InProcessFetchOptions {
  /**
   * Opens a connection to the emulator's HTTP server: the client end of an in-memory duplex pair whose other end
   * the server was given. Throws (an error with `code: "ECONNREFUSED"`) once the emulator has stopped.
   */
  readonly connect: () => Duplex;
  /** What a bare path such as `/.api/graphql` is resolved against: the emulator's URL. */
  readonly baseUrl: string;
}

// Statuses whose response has no body, whatever the headers say (Fetch standard, "null body status").
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
// A POST or PUT without a body still says how long it is, as fetch (undici) sends it.
const LENGTH_REQUIRED_METHODS: ReadonlySet<string> = new Set(["POST", "PUT"]);

/**
 * A fetch that serves each request in-process: it writes the request as HTTP/1.1 into an in-memory connection
 * that the emulator's own `node:http` server reads, and reads the answer back the same way. So every handler,
 * fault, counter and the capacity model run exactly as over a socket (a `reset` fault destroys the connection, a
 * stream is written event by event with the socket's backpressure), only without the network.
 *
 * Fetch's contract, as Node's fetch keeps it: `Request` semantics for the arguments (headers, bodies, `signal`);
 * the response body streams, and cancelling it or aborting the signal closes the connection, which the handler
 * sees as a closed socket; a connection that fails or is cut rejects with `TypeError: fetch failed` (or errors the
 * body with `TypeError: terminated`) whose `cause` has the socket error's `code`; gzip, deflate and br answers
 * are decoded. The URL's origin only sets the `Host` header: every request goes to this emulator.
 */
export function createInProcessFetch(options: InProcessFetchOptions): typeof fetch {
  return async (input, init) => {
    const request = new Request(
      typeof input === "string" && !URL.canParse(input) ? new URL(input, options.baseUrl) : input,
      init,
    );
    const { signal } = request;
    signal.throwIfAborted();
    const url = new URL(request.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError("fetch failed", { cause: new Error(`unsupported URL scheme ${url.protocol}`) });
    }
    // Read whole, as fetch sends every body but a stream: a Content-Length the handlers can trust.
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    signal.throwIfAborted();
    const headers: [string, string][] = [...request.headers];
    const has = (name: string) => request.headers.has(name);
    if (!has("host")) headers.push(["host", url.host]);
    if (!has("content-length") && (body !== undefined || LENGTH_REQUIRED_METHODS.has(request.method))) {
      headers.push(["content-length", String(body?.byteLength ?? 0)]);
    }

    return new Promise<Response>((resolve, reject) => {
      let socket: Duplex;
      try {
        socket = options.connect();
      } catch (error) {
        reject(new TypeError("fetch failed", { cause: error }));
        return;
      }
      const outgoing = httpRequest({
        createConnection: () => socket,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: headers.flat(),
        setHost: false,
      });
      let incoming: IncomingMessage | undefined;
      const onAbort = () => {
        // As a browser or undici does: the connection goes, and the server sees it closed.
        incoming?.destroy(signal.reason);
        outgoing.destroy();
        socket.destroy();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const settled = () => signal.removeEventListener("abort", onAbort);
      // `on`, not `once`: a cut connection may report more than one error, and an unheard one would crash.
      outgoing.on("error", (error) => {
        settled();
        reject(signal.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      });
      outgoing.once("response", (message) => {
        incoming = message;
        // Heard here too, for a body nobody reads: its errors reach the reader through the stream.
        message.on("error", settled).once("end", settled);
        resolve(toResponse(message, request, socket));
      });
      outgoing.end(body);
    });
  };
}

/** The web `Response` of a Node response, its body streamed as it arrives. */
function toResponse(message: IncomingMessage, request: Request, socket: Duplex): Response {
  const status = message.statusCode ?? 0;
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2) {
    headers.append(message.rawHeaders[i] as string, message.rawHeaders[i + 1] as string);
  }
  let body: ReadableStream<Uint8Array> | null = null;
  if (request.method === "HEAD" || NULL_BODY_STATUSES.has(status)) message.resume();
  else body = bodyStream(decoded(message, headers.get("content-encoding")), request.signal, socket);
  const response = new Response(body, { status, statusText: message.statusMessage ?? "", headers });
  // A constructed Response has an empty url; fetch's says where it came from.
  Object.defineProperty(response, "url", { value: request.url });
  return response;
}

/** The body as fetch gives it: decoded when the server compressed it with a coding fetch decodes. */
function decoded(message: IncomingMessage, encoding: string | null): Readable {
  const coding = encoding?.trim().toLowerCase();
  const decoder =
    coding === "gzip" || coding === "x-gzip"
      ? createGunzip()
      : coding === "deflate"
        ? createInflate()
        : coding === "br"
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return message;
  // pipeline destroys both on failure, so a cut connection errors the decoded stream too.
  return pipeline(message, decoder, () => {});
}

/**
 * A web stream that pulls from `source` only when its reader asks, so the server's writes wait on the reader as
 * they would on a socket. Cancelling it closes the connection; a connection cut mid-body errors it as undici
 * does (`TypeError: terminated`, the socket error as `cause`), an abort with the signal's reason.
 */
function bodyStream(source: Readable, signal: AbortSignal, socket: Duplex): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else
            controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.length));
        } catch (error) {
          controller.error(signal.aborted ? signal.reason : new TypeError("terminated", { cause: error }));
        }
      },
      cancel() {
        source.destroy();
        socket.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
