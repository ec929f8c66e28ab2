import { ConfigurationError, OAuthRefreshError } from "../errors.js";
import { type DebugEvent, emitDebug } from "../http/debug.js";
import { isLoopbackHost } from "../http/insecure-http.js";
import { redactUrl, registerSecret } from "../redaction.js";
import type { ApiKind, Credentials, CredentialsContext } from "./credentials.js";
import { normalizeToken } from "./token.js";

/** OAuth tokens as credentials hold them, and as `onTokens` hands them over to be persisted. */
export interface OAuthTokenSet {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in epoch milliseconds; unknown when absent. */
  expiresAt?: number;
}

/**
 * What a refresh produces. Expiry may be absolute (`expiresAt`, a `Date` or epoch milliseconds) or relative
 * (`expiresIn`, seconds from now, as token endpoints send it), not both. A missing `refreshToken` means the
 * server did not rotate it: the previous one stays in use.
 */
export interface OAuthRefreshResult {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date | number;
  expiresIn?: number;
}

/**
 * A caller's own way to refresh OAuth tokens: given the current tokens, get new ones. `signal` aborts when the
 * refresh times out. Whatever it throws reaches callers as the `cause` of an `OAuthRefreshError`.
 */
export type OAuthRefreshFunction = (
  current: { accessToken: string; refreshToken?: string },
  options: { signal: AbortSignal },
) => Promise<OAuthRefreshResult>;

/**
 * Options of {@link createOAuthCredentials}: the current tokens, and either a `refresh` function or a token
 * endpoint (`tokenUrl` and `clientId`) for a standard `refresh_token` grant. With neither, the access token is
 * used until the server refuses it.
 */
export type OAuthCredentialsOptions = {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires: a `Date` or epoch milliseconds. Give this or `expiresIn`, not both. */
  expiresAt?: Date | number;
  /** Seconds until the access token expires, counted from creation. */
  expiresIn?: number;
  /** How long before expiry to refresh; 60 000 by default, and at most half the token's lifetime. */
  refreshSkewMs?: number;
  /** How long a refresh may take before it fails (retryable); 30 000 by default. */
  refreshTimeoutMs?: number;
  /** The clock, in epoch milliseconds; `Date.now` by default. */
  now?: () => number;
  /**
   * Receives the tokens after each refresh, to persist them: a rotated refresh token is the only one that
   * still works. Awaited before requests go on; when it throws, the refresh is reported as failed although
   * the new tokens are in use.
   */
  onTokens?: (tokens: OAuthTokenSet) => void | Promise<void>;
} & (
  | {
      /** Gets new tokens your own way: from a CLI's token store, a custom grant, another process. */
      refresh?: OAuthRefreshFunction;
      tokenUrl?: undefined;
    }
  | {
      refresh?: undefined;
      /** The OAuth 2 token endpoint: HTTPS, or plain HTTP on localhost. Needs `refreshToken`. */
      tokenUrl: string | URL;
      clientId: string;
      clientSecret?: string;
      scope?: string;
      /** Used for the token endpoint only; `globalThis.fetch` by default. */
      fetch?: typeof globalThis.fetch;
    }
);

/**
 * OAuth credentials: `Authorization: Bearer <access token>` for every API, refreshed ahead of expiry and after
 * a 401.
 *
 * - `authorization()` refreshes first when the token expires within the skew and a refresh is possible; an
 *   expired token that cannot be refreshed is still sent, for the server to answer.
 * - Concurrent callers share one refresh: a single request to the token endpoint however many are waiting.
 * - `refresh(rejected)` resolves true without refreshing when `rejected` was already replaced, false when
 *   there is no way to refresh.
 * - A failed refresh rejects with an `OAuthRefreshError` and is not remembered: the next call tries again.
 * - Every refresh is reported to the debug hook of the call that started it. Every token and the client
 *   secret are registered for redaction.
 *
 * @throws ConfigurationError when a token is empty or malformed, or the options contradict each other.
 */
export function createOAuthCredentials(
  options: OAuthCredentialsOptions,
): Credentials & Required<Pick<Credentials, "refresh">> {
  const now = options.now ?? Date.now;
  const skewMs = checkDuration(options.refreshSkewMs ?? 60_000, "refreshSkewMs", 0);
  const timeoutMs = checkDuration(options.refreshTimeoutMs ?? 30_000, "refreshTimeoutMs", 1);
  const clientSecret = options.tokenUrl === undefined ? undefined : options.clientSecret;
  const refreshTokens = refreshFunction(options);
  let tokens: OAuthTokenSet;
  let header: string;
  let refreshAt: number | undefined;
  let inFlight: Promise<void> | undefined;

  const keep = (next: OAuthTokenSet, obtainedAt: number) => {
    tokens = next;
    header = `Bearer ${next.accessToken}`;
    // Capped at half the lifetime, or a token issued for less than the skew would be refreshed on every request.
    refreshAt =
      next.expiresAt === undefined
        ? undefined
        : next.expiresAt - Math.min(skewMs, Math.max(0, next.expiresAt - obtainedAt) / 2);
  };
  const createdAt = now();
  keep(
    {
      accessToken: normalizeToken(options.accessToken, "accessToken"),
      ...(options.refreshToken !== undefined && {
        refreshToken: normalizeToken(options.refreshToken, "refreshToken"),
      }),
      ...expiry(options, createdAt),
    },
    createdAt,
  );

  const run = async (refresh: OAuthRefreshFunction): Promise<void> => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(
        new OAuthRefreshError(`OAuth token refresh timed out after ${timeoutMs} ms`, {
          status: undefined,
          isRetryable: true,
        }),
      );
    }, timeoutMs);
    let next: OAuthTokenSet;
    try {
      const current = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
      const result = await abortable(refresh(current, { signal: controller.signal }), controller.signal);
      next = fromResult(result, tokens.refreshToken, now());
    } catch (error) {
      if (error instanceof OAuthRefreshError) throw error;
      const detail = error instanceof ConfigurationError ? ` (${error.message})` : "";
      throw new OAuthRefreshError(`OAuth token refresh failed${detail}`, { status: undefined, cause: error });
    } finally {
      clearTimeout(timer);
    }
    keep(next, now());
    try {
      await options.onTokens?.({ ...next });
    } catch (error) {
      throw new OAuthRefreshError("OAuth tokens were refreshed, but onTokens failed to take them", {
        status: undefined,
        cause: error,
      });
    }
  };

  const refreshOnce = (
    refresh: OAuthRefreshFunction,
    reason: "expiring" | "unauthorized",
    context: CredentialsContext,
  ): Promise<void> => {
    if (inFlight === undefined) {
      const flight = run(refresh).finally(() => {
        inFlight = undefined;
      });
      inFlight = flight;
      const report = (event: Omit<Extract<DebugEvent, { type: "refresh" }>, "type" | "reason">) =>
        emitDebug(context.onDebug, { type: "refresh", reason, ...event });
      // Also handles the rejection, so a refresh whose callers all gave up is not an unhandled rejection.
      flight.then(
        () => report({ ok: true }),
        (error: OAuthRefreshError) => report({ ok: false, error: error.message }),
      );
    }
    // A caller that gives up stops waiting; the refresh goes on for the others.
    return abortable(inFlight, context.signal);
  };

  return {
    type: "oauth",
    async authorization(_api: ApiKind, context: CredentialsContext = {}): Promise<string> {
      // The registry forgets its oldest entries once full (rotation keeps adding); secrets in use must stay.
      for (const secret of [tokens.accessToken, tokens.refreshToken, clientSecret]) {
        if (secret !== undefined) registerSecret(secret);
      }
      const due = refreshAt !== undefined && now() >= refreshAt;
      // A refresh under way (after a 401 elsewhere) means the current token is about to be replaced: wait for it.
      if (refreshTokens !== undefined && (due || inFlight !== undefined)) {
        await refreshOnce(refreshTokens, "expiring", context);
      }
      return header;
    },
    async refresh(rejected: string, context: CredentialsContext = {}): Promise<boolean> {
      if (refreshTokens === undefined) return false;
      if (rejected !== header) return true;
      await refreshOnce(refreshTokens, "unauthorized", context);
      return true;
    },
  };
}

/** The refresh these options allow, if any; token endpoint settings are checked now rather than at first use. */
function refreshFunction(options: OAuthCredentialsOptions): OAuthRefreshFunction | undefined {
  if (options.tokenUrl === undefined) return options.refresh;
  if (options.refresh !== undefined) {
    throw new ConfigurationError("give either refresh or tokenUrl, not both", { setting: "refresh" });
  }
  const tokenUrl = parseTokenUrl(options.tokenUrl);
  if (!options.clientId) {
    throw new ConfigurationError("clientId is required with tokenUrl", { setting: "clientId" });
  }
  if (options.refreshToken === undefined) {
    throw new ConfigurationError("refreshToken is required with tokenUrl", { setting: "refreshToken" });
  }
  const { clientId, clientSecret, scope, fetch } = options;
  return (current, { signal }) =>
    refreshTokenGrant({
      tokenUrl,
      clientId,
      clientSecret,
      scope,
      fetch,
      signal,
      // Always set: the credentials keep the previous refresh token when the endpoint does not rotate it.
      refreshToken: current.refreshToken ?? "",
    });
}

/** Validates what a refresh produced, keeping `previousRefreshToken` when the server did not rotate it. */
function fromResult(
  result: OAuthRefreshResult,
  previousRefreshToken: string | undefined,
  obtainedAt: number,
): OAuthTokenSet {
  const refreshToken =
    result.refreshToken === undefined
      ? previousRefreshToken
      : normalizeToken(result.refreshToken, "refreshToken");
  return {
    accessToken: normalizeToken(result.accessToken, "accessToken"),
    ...(refreshToken !== undefined && { refreshToken }),
    ...expiry(result, obtainedAt),
  };
}

/** `expiresAt` in epoch milliseconds from an absolute or relative expiry, if either is given. */
function expiry(
  source: { expiresAt?: Date | number; expiresIn?: number },
  from: number,
): { expiresAt?: number } {
  if (source.expiresAt !== undefined && source.expiresIn !== undefined) {
    throw new ConfigurationError("give expiresAt or expiresIn, not both", { setting: "expiresAt" });
  }
  if (source.expiresAt !== undefined) {
    const at = source.expiresAt instanceof Date ? source.expiresAt.getTime() : source.expiresAt;
    if (!Number.isFinite(at)) {
      throw new ConfigurationError("expiresAt is not a valid date", { setting: "expiresAt" });
    }
    return { expiresAt: at };
  }
  if (source.expiresIn !== undefined) {
    if (!Number.isFinite(source.expiresIn)) {
      throw new ConfigurationError("expiresIn is not a number of seconds", { setting: "expiresIn" });
    }
    return { expiresAt: from + source.expiresIn * 1000 };
  }
  return {};
}

function checkDuration(value: number, setting: string, min: number): number {
  if (Number.isFinite(value) && value >= min) return value;
  throw new ConfigurationError(`${setting} must be a number of milliseconds, at least ${min}`, { setting });
}

/** `promise`, or `signal.reason` as soon as `signal` aborts, whichever comes first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** What {@link refreshTokenGrant} sends to the token endpoint. */
export interface RefreshTokenGrantOptions {
  /** The OAuth 2 token endpoint: HTTPS, or plain HTTP on localhost. */
  tokenUrl: string | URL;
  clientId: string;
  /** Sent in the body (`client_secret_post`) when given; public clients have none. */
  clientSecret?: string;
  refreshToken: string;
  /** Narrows the scope of the new access token; the original scope when absent. */
  scope?: string;
  /** Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}

/** What the token endpoint granted. `refreshToken` is the rotated one, or the one sent when it did not rotate. */
export interface RefreshTokenGrantResult {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires, when the endpoint said. */
  expiresIn?: number;
}

/**
 * Runs an OAuth 2 `refresh_token` grant (RFC 6749 §6): POSTs `grant_type=refresh_token` with the refresh token
 * and client credentials as `application/x-www-form-urlencoded`, and reads the JSON answer.
 *
 * Every token and the client secret are registered for redaction. Redirects are not followed: a redirect
 * would carry the refresh token and secret to an address nobody configured.
 *
 * @throws ConfigurationError when `tokenUrl` is unusable or `refreshToken` malformed, before sending anything.
 * @throws OAuthRefreshError when the endpoint cannot be reached (retryable), refuses (`oauthError` holds its
 *   `error` code, such as `invalid_grant`; retryable on 429 and 5xx), or answers without a usable Bearer token.
 *   Rejects with `signal.reason` when `signal` aborts.
 */
export async function refreshTokenGrant(options: RefreshTokenGrantOptions): Promise<RefreshTokenGrantResult> {
  const url = parseTokenUrl(options.tokenUrl);
  const refreshToken = normalizeToken(options.refreshToken, "refreshToken");
  const body = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: options.clientId,
  });
  if (options.clientSecret !== undefined) {
    registerSecret(options.clientSecret);
    body.set("client_secret", options.clientSecret);
  }
  if (options.scope !== undefined) body.set("scope", options.scope);

  const endpoint = redactUrl(url);
  const request = { method: "POST", url };
  const fetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
      redirect: "manual",
      signal: options.signal,
    });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new OAuthRefreshError(`could not reach the OAuth token endpoint ${endpoint}`, {
      status: undefined,
      request,
      cause: error,
      isRetryable: true,
    });
  }

  const status = response.status;
  const answer = parseJsonObject(text);
  const oauthError = typeof answer?.error === "string" ? answer.error : undefined;
  // Some providers (GitHub among them) report a failed grant as 200 with an `error` field.
  if (!response.ok || oauthError !== undefined) {
    const description = typeof answer?.error_description === "string" ? `: ${answer.error_description}` : "";
    const what = oauthError === undefined ? `HTTP ${status}` : `HTTP ${status}, ${oauthError}${description}`;
    throw new OAuthRefreshError(`the OAuth token endpoint ${endpoint} refused the refresh (${what})`, {
      status,
      oauthError,
      request,
      // A successful answer's body may hold tokens; only error bodies are kept, and they are redacted.
      response: { status, headers: response.headers, ...(response.ok ? {} : { body: text }) },
      isRetryable: status === 429 || status >= 500,
    });
  }

  const unusable = (reason: string, cause?: unknown) =>
    new OAuthRefreshError(`the OAuth token endpoint ${endpoint} answered HTTP ${status} ${reason}`, {
      status,
      request,
      response: { status, headers: response.headers },
      cause,
    });
  if (typeof answer?.access_token !== "string") throw unusable("without a JSON access_token");
  const tokenType = answer.token_type;
  if (typeof tokenType === "string" && tokenType.toLowerCase() !== "bearer") {
    throw unusable(`with a token of type ${tokenType}, not Bearer`);
  }
  let result: RefreshTokenGrantResult;
  try {
    result = {
      accessToken: normalizeToken(answer.access_token, "access_token"),
      refreshToken:
        typeof answer.refresh_token === "string"
          ? normalizeToken(answer.refresh_token, "refresh_token")
          : refreshToken,
    };
  } catch (error) {
    // normalizeToken throws only ConfigurationErrors, whose messages name the field but never the value.
    throw unusable(`with an unusable token (${(error as ConfigurationError).message})`, error);
  }
  const lifetime = answer.expires_in;
  // Some endpoints send the number as a string. A missing, malformed or non-positive lifetime counts as
  // unknown rather than expired: refreshing before every request would only hammer the endpoint.
  const expiresIn =
    typeof lifetime === "number" || typeof lifetime === "string" ? Number(lifetime) : Number.NaN;
  if (Number.isFinite(expiresIn) && expiresIn > 0) result.expiresIn = expiresIn;
  return result;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses an OAuth token endpoint URL. A refresh sends the refresh token and client secret in the body, so the
 * endpoint must be HTTPS unless it is on the loopback interface, where plain HTTP never leaves the machine
 * (a local test server).
 *
 * @throws ConfigurationError (setting `tokenUrl`) when the URL does not parse or would send secrets in clear.
 */
export function parseTokenUrl(tokenUrl: string | URL): URL {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new ConfigurationError(`tokenUrl is not a valid URL: ${redactUrl(tokenUrl)}`, {
      setting: "tokenUrl",
    });
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))) return url;
  throw new ConfigurationError(
    `tokenUrl must be an https: URL (plain http: only on localhost), got ${redactUrl(url)}`,
    { setting: "tokenUrl" },
  );
}
