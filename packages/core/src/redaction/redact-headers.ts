import { REDACTED, redactText } from "./redact-text.js";
import { redactUrl } from "./redact-url.js";

/**
 * Header names whose values are credentials. Auth proxies in front of Sourcegraph use headers of their own
 * (`X-Forwarded-Token`, `X-Api-Key`, …), so names are matched by the words they contain.
 */
const SENSITIVE_HEADER = /authorization|cookie|token|secret|key|password|session|signature|credential/i;

/** Whether a header's value must never be shown. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** Headers holding a URL, where a secret can hide in the query (an SSO redirect's `code=`). */
const URL_HEADERS = new Set(["location", "content-location", "refresh"]);

/** A plain-object copy of `headers` safe to log or attach to an error: sensitive values replaced, names lowercased. */
export function redactHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    if (isSensitiveHeader(name)) out[name] = REDACTED;
    else out[name] = URL_HEADERS.has(name) ? redactUrl(value) : redactText(value);
  });
  return out;
}
