import { REDACTED, redactText } from "./redact-text.js";

/**
 * Header names whose values are credentials. Auth proxies in front of Sourcegraph use headers of their own
 * (`X-Forwarded-Token`, `X-Api-Key`, …), so names are matched by the words they contain.
 */
const SENSITIVE_HEADER = /authorization|cookie|token|secret|key|password|session|signature|credential/i;

/** Whether a header's value must never be shown. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** A plain-object copy of `headers` safe to log or attach to an error: sensitive values replaced, names lowercased. */
export function redactHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    out[name] = isSensitiveHeader(name) ? REDACTED : redactText(value);
  });
  return out;
}
