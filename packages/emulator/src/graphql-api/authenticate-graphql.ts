import type { AccessToken, User } from "../state/accounts.js";
import type { EmulatorState } from "../state/emulator-state.js";

/** The scope a token needs to act as another user with `token-sudo`. */
export const SUDO_SCOPE = "site-admin:sudo";

/**
 * The scope a token needs on GraphQL and streaming search (`token`, `Bearer`): tokens holding only the `/api/`
 * HTTP API's `externalapi:read`/`externalapi:write` scopes are refused there.
 */
export const USER_ALL_SCOPE = "user:all";

/** The body of a 401 for an unknown token, or a token without the scope the request needs. */
export const INVALID_ACCESS_TOKEN = "Invalid access token.";

/** The body of a 401 for a malformed `token` or `token-sudo` header. */
export const INVALID_AUTHORIZATION_HEADER = "Invalid Authorization header.";

/** The body of a 403 for a sudo token whose owner is not a site admin. */
export const SUDO_SUBJECT_NOT_SITE_ADMIN = "The subject user of a sudo access token must be a site admin.";

/** The body of a 403 for a sudo request naming no existing user. */
export const SUDO_TO_NONEXISTENT_USER = "Unable to sudo to nonexistent user.";

/** Who a GraphQL request acts as. */
export type GraphQLAuthentication =
  | {
      readonly ok: true;
      /** The user the request acts as (the sudo target with `token-sudo`); undefined when anonymous. */
      readonly viewer: User | undefined;
      /** The token used, if any. */
      readonly token: AccessToken | undefined;
      /** With `token-sudo`: the site admin whose token was used. */
      readonly sudoFrom?: User | undefined;
    }
  | {
      readonly ok: false;
      /** 401 or 403. */
      readonly status: 401 | 403;
      /** The plain-text body, such as `Invalid access token.`. */
      readonly message: string;
    };

/**
 * Authenticates a GraphQL or streaming search request from its `Authorization` header, as Sourcegraph's server
 * does (public source: `cmd/frontend/internal/httpapi/auth.go`, `internal/authz/header.go`):
 *
 * - no header, a scheme it does not handle, or a parameter list it cannot read (a repeated parameter): the
 *   header is ignored and the request goes on as anonymous (resolvers decide what anonymous visitors may do);
 * - a malformed `token` or `token-sudo` header (no token, or `token-sudo <t>`): 401 `Invalid Authorization header.`;
 * - `token <t>` (and HTTP Basic with the token as the user name): the token must exist and have the `user:all`
 *   scope, otherwise 401 `Invalid access token.` (a token with only `externalapi:*` scopes is refused);
 * - `Bearer <t>`: ignored (anonymous), as the server does, unless `<t>` is one of the emulator's OAuth tokens
 *   (seed `kind: "oauth"`), which is then checked as `token <t>` is;
 * - `token-sudo`: the token must have the `site-admin:sudo` scope (otherwise 401 `Invalid access token.`), its
 *   owner must be a site admin (otherwise 403 `The subject user of a sudo access token must be a site admin.`),
 *   and the user must exist, in any case (otherwise 403 `Unable to sudo to nonexistent user.`).
 *
 * Messages never hold the token.
 */
export function authenticateGraphQL(state: EmulatorState, header: string | undefined): GraphQLAuthentication {
  let credentials: GraphQLCredentials;
  try {
    credentials = parseGraphQLAuthorization(header);
  } catch (error) {
    if (error instanceof MalformedAuthorizationError) {
      return { ok: false, status: 401, message: INVALID_AUTHORIZATION_HEADER };
    }
    throw error;
  }
  if (credentials.kind === "anonymous" || credentials.kind === "ignored") {
    return { ok: true, viewer: undefined, token: undefined };
  }
  const token = state.tokens.byValue(credentials.token);
  // `Bearer` is no scheme Sourcegraph's access-token middleware reads (internal/authz/header.go): a personal access
  // token sent so is ignored and the request is anonymous. Only the emulator's OAuth tokens are read from it; any
  // other Bearer value (unknown included) is ignored too.
  if (credentials.kind === "token" && credentials.scheme === "bearer" && token?.kind !== "oauth") {
    return { ok: true, viewer: undefined, token: undefined };
  }
  const owner = token && state.users.byId(token.userId);
  // The server looks the token up together with the scope the request needs: a token without it is unknown.
  const required = credentials.kind === "sudo" ? SUDO_SCOPE : USER_ALL_SCOPE;
  if (!token || !owner || !token.scopes.has(required)) {
    return { ok: false, status: 401, message: INVALID_ACCESS_TOKEN };
  }
  if (credentials.kind === "token") return { ok: true, viewer: owner, token };

  if (!owner.siteAdmin) return { ok: false, status: 403, message: SUDO_SUBJECT_NOT_SITE_ADMIN };
  const target = state.users.byUsername(credentials.user);
  if (!target) return { ok: false, status: 403, message: SUDO_TO_NONEXISTENT_USER };
  return { ok: true, viewer: target, token, sudoFrom: owner };
}

/** What an `Authorization` header of the GraphQL API asks for. */
export type GraphQLCredentials =
  | { readonly kind: "anonymous" }
  /** A header the server does not handle (another scheme, a repeated parameter): the request is anonymous. */
  | { readonly kind: "ignored" }
  /**
   * `token <t>`, `token token="<t>"` (access tokens; also `token-sudo token="<t>"` without a user),
   * `Bearer <t>` (OAuth) or HTTP Basic with the token as the user name.
   */
  | { readonly kind: "token"; readonly scheme: "token" | "bearer" | "basic"; readonly token: string }
  /** `token-sudo user="<u>",token="<t>"`, in either order, quotes optional. */
  | { readonly kind: "sudo"; readonly token: string; readonly user: string };

/** A `token` or `token-sudo` header that the server refuses with 401 `Invalid Authorization header.`. */
export class MalformedAuthorizationError extends Error {
  override readonly name = "MalformedAuthorizationError";
}

/**
 * Reads the `Authorization` header of a GraphQL or streaming search request the way Sourcegraph's server does
 * (`internal/authz/header.go`):
 *
 * - none (or empty): an anonymous request;
 * - HTTP Basic whose user name is not empty: that user name is the token (`https://<token>@host/`);
 * - the scheme is the text before the first space and must be exactly `token` or `token-sudo` (lower case);
 * - what follows is a comma-separated parameter list (`token="<t>"`, `user=<u>`: names in any case, quotes
 *   optional, unknown names allowed) or, when an element has no value, a single token (`token <t>`);
 * - `token <t>` or `token token=<t>`: an access token; `token-sudo token=<t>,user=<u>`: sudo; `token-sudo
 *   token=<t>` without a user is a plain access token;
 * - `Bearer <t>`: an OAuth token (the emulator's model of OAuth; see the README).
 *
 * Any other scheme, and a repeated parameter in any scheme, is ignored: the request goes on anonymously.
 *
 * @throws MalformedAuthorizationError for a `token`/`token-sudo` header with no token, or `token-sudo <t>`;
 *   its message never holds the header.
 */
export function parseGraphQLAuthorization(header: string | undefined): GraphQLCredentials {
  if (header === undefined || header === "") return { kind: "anonymous" };
  const basic = basicAuthUsername(header);
  if (basic) return { kind: "token", scheme: "basic", token: basic };

  const space = header.indexOf(" ");
  const scheme = space < 0 ? header : header.slice(0, space);
  const rest = space < 0 ? undefined : header.slice(space + 1);
  if (scheme.toLowerCase() === "bearer") {
    const token = rest?.trim() ?? "";
    return token !== "" && !/\s/.test(token)
      ? { kind: "token", scheme: "bearer", token }
      : { kind: "ignored" };
  }

  let token68 = "";
  let params: Map<string, string> | undefined;
  if (rest !== undefined) {
    const parsed = parseAuthParams(rest);
    if (parsed === "repeated") return { kind: "ignored" };
    if (parsed === "no-value") token68 = rest;
    else params = parsed;
  }
  if (scheme !== "token" && scheme !== "token-sudo") return { kind: "ignored" };
  if (token68 !== "") {
    if (scheme === "token") return { kind: "token", scheme: "token", token: token68 };
    throw new MalformedAuthorizationError('token-sudo needs the form token="TOKEN",user="USERNAME"');
  }
  const token = params?.get("token") ?? "";
  if (token === "") throw new MalformedAuthorizationError("no token value in the Authorization header");
  const user = params?.get("user") ?? "";
  return user === "" ? { kind: "token", scheme: "token", token } : { kind: "sudo", token, user };
}

/** The user name of an HTTP Basic header (`Basic base64(user:password)`), or undefined. */
function basicAuthUsername(header: string): string | undefined {
  if (header.length < 6 || header.slice(0, 6).toLowerCase() !== "basic ") return undefined;
  const encoded = header.slice(6);
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/**
 * Reads an RFC 7235 parameter list: `"no-value"` when an element has no `=` or nothing after it (the text is
 * then a single token), `"repeated"` when a name (in any case) occurs twice.
 */
function parseAuthParams(text: string): Map<string, string> | "no-value" | "repeated" {
  const params = new Map<string, string>();
  for (const pair of splitHeaderList(text.trim())) {
    const equals = pair.indexOf("=");
    if (equals < 0 || pair.endsWith("=")) return "no-value";
    let value = pair.slice(equals + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    else if (value === '"') value = "";
    const name = pair.slice(0, equals).toLowerCase();
    if (params.has(name)) return "repeated";
    params.set(name, value);
  }
  return params;
}

/** Splits a comma-separated header list, keeping commas inside quotes; a backslash in quotes escapes a character. */
function splitHeaderList(text: string): string[] {
  const list: string[] = [];
  let current = "";
  let quoted = false;
  let escaped = false;
  for (const char of text) {
    if (escaped) {
      current += char;
      escaped = false;
    } else if (quoted) {
      if (char === "\\") escaped = true;
      else {
        if (char === '"') quoted = false;
        current += char;
      }
    } else if (char === ",") {
      list.push(current.trim());
      current = "";
    } else {
      if (char === '"') quoted = true;
      current += char;
    }
  }
  if (current !== "") list.push(current.trim());
  return list;
}
