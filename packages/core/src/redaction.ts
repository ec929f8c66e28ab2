import type { HeadersInput } from "./http/request.js";

/**
 * Every secret sgkit has handled in this process, so that any text leaving the library can be scrubbed of it.
 *
 * The set lives on `globalThis` under a registered symbol so that two copies of `@sgkit/core` in one
 * dependency tree (a common result of semver ranges) still redact each other's secrets.
 */
const REGISTRY_KEY = Symbol.for("@sgkit/core/secret-registry");
/** OAuth refreshes add secrets over a process's life; the oldest go first past this many. */
const MAX_SECRETS = 512;
/** Shorter values would turn unrelated words into `[REDACTED]` and hide nothing worth hiding. */
const MIN_SECRET_LENGTH = 6;

type Registry = Set<string>;

/** This copy's handle on the shared registry, taken on first use. */
let shared: Registry | undefined;

function registry(): Registry {
  if (shared) return shared;
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= new Set();
  shared = holder[REGISTRY_KEY];
  return shared;
}

/** Records `secret` (a token, a refresh token, a client secret, a sensitive header value) for redaction. */
export function registerSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) return;
  const secrets = registry();
  // Every request registers its token again. While the set is less than half full, eviction is far off and a
  // secret already in it stays where it is; past that, a secret in use moves to the newest end on every use, so
  // it is the newest long before 512 others could push it out.
  if (secrets.size < MAX_SECRETS / 2 && secrets.has(secret)) return;
  secrets.delete(secret);
  secrets.add(secret);
  if (secrets.size > MAX_SECRETS) {
    const oldest = secrets.values().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
}

/** The registered secrets, longest first so that a secret containing another is replaced whole. */
export function registeredSecrets(): string[] {
  return [...registry()].sort((a, b) => b.length - a.length);
}

/** What every redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

/**
 * Token shapes Sourcegraph issues (`sgp_<16 hex | local>_<40 hex>`, `sgph_…`), caught even when the token was
 * never registered, for instance when a server echoes one back.
 */
const TOKEN_PATTERN = /\bsgph?_[A-Za-z0-9_]{8,}/g;
/** The credential part of an Authorization header written out in text. */
const AUTHORIZATION_PATTERN =
  /\b(authorization["']?\s*[:=]\s*["']?)(?:token-sudo|token|bearer|basic)\s+[^\s"']+/gi;
/** `token="…"` inside a `token-sudo` header value. */
const QUOTED_TOKEN_PATTERN = /\b(token\s*=\s*)"[^"]*"/gi;

/** Returns `text` with every registered secret and every token-shaped string replaced by `[REDACTED]`. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of registeredSecrets()) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(TOKEN_PATTERN, REDACTED)
    .replace(AUTHORIZATION_PATTERN, `$1${REDACTED}`)
    .replace(QUOTED_TOKEN_PATTERN, `$1"${REDACTED}"`);
}

/**
 * `text` redacted, then cut to at most `maxLength` characters followed by `ellipsis` (default `…`) when it was
 * longer. This order is the point: cut first, and a secret the cut falls inside no longer matches, so its first
 * part is printed. A cut that would fall inside a `[REDACTED]` is moved before it.
 *
 * @param options.cut `text` is itself the start of something longer (a body read up to a byte limit), so a
 *   secret may be cut short at its end: see {@link redactTruncated}.
 */
export function redactAndClip(
  text: string,
  maxLength: number,
  options: { cut?: boolean; ellipsis?: string } = {},
): string {
  // Only the start of a huge text is worth redacting: past a few times `maxLength`, no redaction can bring the
  // rest back under the cut. The start is then a text cut short.
  const bound = maxLength * 4 + 1024;
  const head = text.length > bound ? text.slice(0, bound) : text;
  const redacted = options.cut || head !== text ? redactTruncated(head) : redactText(head);
  if (redacted.length <= maxLength && head === text) return redacted;
  let end = Math.min(maxLength, redacted.length);
  const marker = redacted.lastIndexOf(REDACTED, end - 1);
  if (marker !== -1 && marker + REDACTED.length > end) end = marker;
  return `${redacted.slice(0, end)}${options.ellipsis ?? "…"}`;
}

/** The fewest characters of a secret's start that count as a piece of it at the end of a text cut short. */
const MIN_PARTIAL_SECRET = 4;
/** A Sourcegraph token, or the quoted token of a `token-sudo` value, that a cut left unfinished. */
const PARTIAL_TOKEN_AT_END = /(?:\bsgph?_[A-Za-z0-9_]*|(?<=\btoken\s*=\s*")[^"]*)$/i;

/**
 * Redacts `text` that is only the start of something longer, such as a response body read up to a byte limit.
 * Besides what {@link redactText} finds, the end of such a text may hold the first part of a secret, which no
 * longer matches the whole secret: the start of a registered secret (4 characters or more), of a
 * Sourcegraph-shaped token, or of a `token="…"` value at the very end is replaced by `[REDACTED]` too.
 */
export function redactTruncated(text: string): string {
  const redacted = redactText(text);
  let partial = PARTIAL_TOKEN_AT_END.exec(redacted)?.[0].length ?? 0;
  for (const secret of registeredSecrets()) {
    for (let length = Math.min(secret.length - 1, redacted.length); length > partial; length--) {
      if (length < MIN_PARTIAL_SECRET) break;
      if (redacted.endsWith(secret.slice(0, length))) {
        partial = length;
        break;
      }
    }
  }
  return partial === 0 ? redacted : `${redacted.slice(0, redacted.length - partial)}${REDACTED}`;
}

/** A URL safe to show: user info and secrets in the query removed. Unparseable input is redacted as text. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(String(url));
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (/token|secret|key|password|code/i.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return redactText(parsed.toString());
}

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
export function redactHeaders(headers: HeadersInput | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    if (isSensitiveHeader(name)) out[name] = REDACTED;
    else out[name] = URL_HEADERS.has(name) ? redactUrl(value) : redactText(value);
  });
  return out;
}
