import type { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { createBrotliDecompress, createGunzip } from "node:zlib";

/**
 * The largest request body the emulator reads (after decompression), on every API: 10 MiB. A request larger
 * than this is refused as soon as the limit is passed; the rest of it is never read.
 */
export const REQUEST_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * How long a connection whose body was refused stays half-closed, unread, before it is destroyed: Go's HTTP
 * server waits the same (`rstAvoidanceDelay`), so that the client reads the answer before the reset that closing
 * a socket with unread data sends.
 */
const LINGER_MS = 500;

/**
 * Prepares an answer that refuses a body before reading all of it, and returns the headers to send with it
 * (`Connection: close`). The rest of the body is never read: once the answer is written the connection is
 * half-closed (the client sees the answer and the end of the stream) and destroyed {@link LINGER_MS} later.
 */
export function closeAfterAnswer(response: ServerResponse): Record<string, string> {
  const socket = response.socket;
  // Node ends a `Connection: close` answer with destroySoon(), which destroys the socket as soon as the answer is
  // flushed: with body bytes still unread, that is a reset, and a client still sending may see it first.
  if (socket instanceof Socket) {
    socket.destroySoon = () => {
      socket.end();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    };
  }
  return { Connection: "close" };
}

/** A request body refused before it was read to the end. */
export class RequestBodyError extends Error {
  override readonly name = "RequestBodyError";
  /** 400: the body does not decompress; 413: it is larger than the limit. */
  readonly status: 400 | 413;

  constructor(status: 400 | 413, message: string) {
    super(message);
    this.status = status;
  }
}

/** A `Content-Encoding` {@link readRequestBody} decompresses. */
export type BodyEncoding = "gzip" | "br";

/**
 * Reads a request body into memory: at most `limit` bytes as sent, and at most `limit` bytes once decompressed
 * from `encoding` (the request's `Content-Encoding`, when the caller accepts it). A declared
 * `Content-Length` above the limit is refused before anything is read; otherwise reading stops at the first
 * chunk that passes the limit and the request is paused: the caller answers with {@link closeAfterAnswer}'s
 * headers so the rest is never read.
 *
 * @throws RequestBodyError 413 past the limit, 400 when it does not decompress; another error when the client
 *   goes away before the end of the body.
 */
export function readRequestBody(
  request: IncomingMessage,
  options: { readonly limit?: number; readonly encoding?: BodyEncoding | undefined } = {},
): Promise<Buffer> {
  const { limit = REQUEST_BODY_LIMIT, encoding } = options;
  const tooLarge = () => new RequestBodyError(413, `the request body is larger than ${limit} bytes`);
  const declared = Number(request.headers["content-length"]);
  if (Number.isSafeInteger(declared) && declared > limit) {
    request.pause();
    return Promise.reject(tooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const decompress =
      encoding === "gzip" ? createGunzip() : encoding === "br" ? createBrotliDecompress() : undefined;
    const chunks: Buffer[] = [];
    let sent = 0;
    let size = 0;
    let settled = false;
    const settle = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      request.off("data", onSent);
      request.off("error", settle);
      request.off("close", onClose);
      decompress?.off("error", onDecompressError);
      output.off("data", onData);
      output.off("end", onEnd);
      if (error === undefined) {
        resolve(Buffer.concat(chunks, size));
        return;
      }
      // Stop reading: nothing more comes off the socket, and the answer closes the connection.
      if (decompress) {
        request.unpipe(decompress);
        decompress.destroy();
      }
      request.pause();
      reject(error);
    };
    const onSent = (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > limit) settle(tooLarge());
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      if (decompress) {
        size += chunk.length;
        if (size > limit) {
          settle(tooLarge());
          return;
        }
      } else size = sent;
      chunks.push(chunk);
    };
    const onEnd = () => settle(undefined);
    // A client that goes away mid-body: not every Node version reports it as an error.
    const onClose = () => {
      if (!request.complete) settle(new Error("the client closed the connection before the end of the body"));
    };
    const onDecompressError = () =>
      settle(new RequestBodyError(400, `the request body is not valid ${encoding}`));
    // Counted first, so that a chunk past the limit is refused before it is kept.
    request.on("data", onSent);
    request.once("error", settle);
    request.once("close", onClose);
    const output = decompress ? request.pipe(decompress) : request;
    decompress?.once("error", onDecompressError);
    output.on("data", onData);
    output.once("end", onEnd);
  });
}
