import {
  AuthenticationError,
  errorCodeFromHttpStatus,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
} from "../errors.js";
import { redactAndClip, redactText, redactTruncated, redactUrl } from "../redaction.js";
import type { HeadersInput } from "./request.js";
import { parseRetryAfter } from "./retry.js";

/** Enough for any error message; a proxy's HTML error page or a runaway body is not read further. */
const MAX_BODY_BYTES = 16 * 1024;
/** A message quotes at most this much of the body; the error keeps more of it in `response.body`. */
const MAX_SUMMARY_LENGTH = 200;

/** The request a failed response answered, as the caller sent it; credentials in it are redacted. */
export interface FailedRequest {
  method: string;
  url: string | URL;
  headers?: HeadersInput;
}

/**
 * The sgkit error for an HTTP response that failed: `AuthenticationError` for 401, `PermissionDeniedError` for
 * 403, `RateLimitedError` for 429 (with `retryAfterMs` from `Retry-After`), otherwise a `SourcegraphError` whose
 * code follows the status. It reads at most 16 KiB of the body, cancels the rest, and quotes the server's own
 * words in the message (`Invalid access token.`, a JSON `message`); every string is redacted.
 *
 * For clients that get a plain HTTP failure: GraphQL and Connect errors have bodies of their own to parse first.
 */
export async function errorFromResponse(
  response: Response,
  request: FailedRequest,
  options: { now?: () => number } = {},
): Promise<SourcegraphError> {
  const read = await readBoundedText(response);
  // Redacted whole, before anything cuts it: see redactAndClip.
  const body = read === undefined ? undefined : read.cut ? redactTruncated(read.text) : redactText(read.text);
  const summary = read === undefined ? undefined : summarize(read, response.headers.get("content-type"));
  const { status } = response;
  const message =
    `${request.method} ${redactUrl(request.url)} failed with HTTP ${status}` +
    (summary ? `: ${summary}` : ".");
  const errorOptions = {
    request,
    response: { status, headers: response.headers, ...(body === undefined ? {} : { body }) },
  };
  switch (status) {
    case 401:
      return new AuthenticationError(message, errorOptions);
    case 403:
      return new PermissionDeniedError(message, errorOptions);
    case 429: {
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), (options.now ?? Date.now)());
      return new RateLimitedError(message, {
        ...errorOptions,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    default:
      return new SourcegraphError(message, { ...errorOptions, code: errorCodeFromHttpStatus(status) });
  }
}

/** What was read of a body: its start as text, and whether the byte limit cut it short. */
interface BodyText {
  text: string;
  cut: boolean;
}

/** The start of the body as text, or undefined when there is none or it cannot be read. */
async function readBoundedText(response: Response): Promise<BodyText | undefined> {
  if (response.body === null || response.bodyUsed) return undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  let cut = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.subarray(0, MAX_BODY_BYTES - bytes);
      bytes += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
      if (chunk.byteLength < value.byteLength || bytes >= MAX_BODY_BYTES) {
        // At the limit: whether more follows is unknown without reading on, so the text counts as cut.
        cut = true;
        break;
      }
    }
    return { text: text + decoder.decode(), cut };
  } catch {
    return text ? { text, cut: true } : undefined;
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * The server's own explanation, short enough for a message: a JSON `message`, or the first line of plain text.
 * Each is redacted before it is clipped, and a JSON message after it is parsed (JSON escapes could hide a secret
 * from redaction of the raw text).
 */
function summarize(body: BodyText, contentType: string | null): string | undefined {
  const text = body.text.trim();
  if (!text || contentType?.includes("html")) return undefined;
  if (contentType?.includes("json")) {
    try {
      const parsed: unknown = JSON.parse(text);
      const message = (parsed as { message?: unknown } | null)?.message;
      return typeof message === "string" ? redactAndClip(message, MAX_SUMMARY_LENGTH) : undefined;
    } catch {
      return undefined;
    }
  }
  const lineEnd = text.search(/\r?\n/);
  // A first line that runs to the byte limit was cut there, maybe inside a secret.
  if (lineEnd === -1) return redactAndClip(text, MAX_SUMMARY_LENGTH, { cut: body.cut });
  return redactAndClip(text.slice(0, lineEnd), MAX_SUMMARY_LENGTH);
}
