/** `Retry-After` in delta-seconds: digits only, as RFC 9110 allows; `1.5` or `-1` are not delta-seconds. */
const DELAY_SECONDS = /^\d+$/;

/**
 * The delay a `Retry-After` header asks for, in milliseconds: delta-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`) measured from `nowMs`. A date in the past means 0; a missing or
 * unparseable value gives `undefined`, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  // Date.parse would take a bare number such as "-5" as a year: only date-shaped text gets this far.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
