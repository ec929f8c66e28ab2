import { createHash } from "node:crypto";

// Who may call the bridge's permission mutation: whoever the instance itself would let call the legacy one, a site
// admin (public source: the resolver's `auth.CheckCurrentUserIsSiteAdmin`; /work/shared/docs/sourcegraph-api-facts.md).
// The bridge asks the instance with the caller's own Authorization header, and remembers the verdict briefly so
// that a sync sending thousands of calls costs one check a minute. The cache is keyed by a SHA-256 of the header:
// the header itself is never kept, logged or compared.

/** What the instance said of a caller. */
export type CallerVerdict =
  | { readonly kind: "site-admin" }
  | { readonly kind: "not-site-admin" }
  /** The instance saw no user (no header, or one it ignores): the legacy mutation answers "not authenticated". */
  | { readonly kind: "anonymous" }
  /**
   * The instance refused the header itself (401 `Invalid access token.`, a 403 for a sudo token): its answer,
   * passed back to the caller as it is, as the instance would have answered the legacy call.
   */
  | {
      readonly kind: "refused";
      readonly status: number;
      readonly body: string;
      readonly contentType: string;
    };

/** See {@link createCallerCheck}. */
export interface CallerCheck {
  /** The verdict on the caller who sent `authorization` (undefined: no header). */
  check(authorization: string | undefined, signal?: AbortSignal): Promise<CallerVerdict>;
}

/** How long a verdict is remembered by default: a revoked admin loses the bridge within a minute. */
const CALLER_CACHE_MS = 60_000;

const QUERY = "query SgkitBridgeCaller { currentUser { siteAdmin } }";
/** Verdicts remembered at most: many distinct callers are unusual, and each entry is small. */
const MAX_ENTRIES = 1000;

/**
 * Checks callers against the instance at `endpoint` with GraphQL's `currentUser { siteAdmin }`, sent with only the
 * caller's Authorization header (and `headers`, such as an auth proxy's), through `fetch` (the run's, which rides
 * through faults). Verdicts are kept `ttlMs`; a refusal by the instance and a failed check are not kept.
 *
 * @throws the fetch's error, or an Error for an answer that is not GraphQL's, when the check itself fails.
 */
export function createCallerCheck(options: {
  readonly endpoint: string;
  readonly fetch: typeof fetch;
  readonly headers?: Readonly<Record<string, string>>;
  readonly ttlMs?: number;
  readonly now?: () => number;
}): CallerCheck {
  const ttlMs = options.ttlMs ?? CALLER_CACHE_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { verdict: Promise<CallerVerdict>; until: number }>();

  async function ask(authorization: string | undefined, signal?: AbortSignal): Promise<CallerVerdict> {
    const headers: Record<string, string> = {
      ...options.headers,
      "content-type": "application/json",
      accept: "application/json",
    };
    if (authorization !== undefined) headers.authorization = authorization;
    const answer = await options.fetch(`${options.endpoint}/.api/graphql?SgkitBridgeCaller`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: QUERY, variables: {} }),
      ...(signal ? { signal } : {}),
    });
    const text = await answer.text();
    if (answer.status === 401 || answer.status === 403) {
      return {
        kind: "refused",
        status: answer.status,
        body: text,
        contentType: answer.headers.get("content-type") ?? "text/plain; charset=utf-8",
      };
    }
    let body: { data?: { currentUser?: { siteAdmin?: unknown } | null } | null } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (answer.status !== 200 || body?.data === undefined || body.data === null) {
      throw new Error(
        `the instance answered the caller check with HTTP ${answer.status}, not a GraphQL answer`,
      );
    }
    const user = body.data.currentUser;
    if (user === null || user === undefined) return { kind: "anonymous" };
    return user.siteAdmin === true ? { kind: "site-admin" } : { kind: "not-site-admin" };
  }

  return {
    check(authorization, signal) {
      const key = createHash("sha256")
        .update(authorization ?? "\0none")
        .digest("hex");
      const at = now();
      const cached = cache.get(key);
      if (cached && cached.until > at) return cached.verdict;
      const verdict = ask(authorization, signal);
      if (cache.size >= MAX_ENTRIES) {
        for (const [old, entry] of cache) if (entry.until <= at) cache.delete(old);
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      }
      cache.set(key, { verdict, until: at + ttlMs });
      // Only a verdict is kept: a refusal or a failed check is asked again next time.
      verdict.then(
        (result) => {
          if (result.kind === "refused") cache.delete(key);
        },
        () => cache.delete(key),
      );
      return verdict;
    },
  };
}
