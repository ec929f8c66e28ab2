import type { IncomingMessage } from "node:http";
import { createGunzip } from "node:zlib";

/** A request body the GraphQL endpoint refuses before reading it as JSON. */
export class RequestBodyError extends Error {
  override readonly name = "RequestBodyError";
  /** 400 (bad gzip), 413 (too large) or 415 (an encoding other than gzip). */
  readonly status: 400 | 413 | 415;

  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a request body as UTF-8 text, gunzipping it when `Content-Encoding: gzip` (Sourcegraph accepts gzip
 * request bodies on the GraphQL endpoint). At most `limit` bytes after decompression.
 */
export async function readRequestBody(request: IncomingMessage, limit: number): Promise<string> {
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "") {
    throw new RequestBodyError(
      415,
      `unsupported Content-Encoding ${JSON.stringify(encoding)}: use gzip or none`,
    );
  }
  const source: AsyncIterable<Buffer> = encoding === "gzip" ? request.pipe(createGunzip()) : request;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit) throw new RequestBodyError(413, `the request body is larger than ${limit} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof RequestBodyError) throw error;
    if (encoding === "gzip") throw new RequestBodyError(400, "the request body is not valid gzip");
    throw error;
  }
  return Buffer.concat(chunks).toString("utf8");
}
