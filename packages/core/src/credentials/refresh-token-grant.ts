import type { ConfigurationError } from "../errors/configuration-error.js";
import { OAuthRefreshError } from "../errors/oauth-refresh-error.js";
import { redactUrl } from "../redaction/redact-url.js";
import { registerSecret } from "../redaction/secret-registry.js";
import { normalizeToken } from "./normalize-token.js";
import { parseTokenUrl } from "./parse-token-url.js";

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
