import type { AccessToken, User } from "../state/accounts.js";
import type { EmulatorState } from "../state/emulator-state.js";

/** The scope a token needs to act as another user with `token-sudo`. */
export const SUDO_SCOPE = "site-admin:sudo";

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
 * Authenticates a GraphQL request from its `Authorization` header, as Sourcegraph's server does:
 *
 * - no header: anonymous (resolvers decide what anonymous visitors may do);
 * - a malformed header: 401 `Invalid Authorization header.`;
 * - an unknown token: 401 `Invalid access token.`;
 * - `token-sudo`: the token must belong to a site admin and have the `site-admin:sudo` scope, and the user must
 *   exist; otherwise 403.
 *
 * The GraphQL API does not check the token's other scopes (the emulator does not model them for GraphQL): any
 * valid token acts as its user. Messages never hold the token.
 */
export function authenticateGraphQL(state: EmulatorState, header: string | undefined): GraphQLAuthentication {
  let credentials: ReturnType<typeof parseGraphQLAuthorization>;
  try {
    credentials = parseGraphQLAuthorization(header);
  } catch (error) {
    if (error instanceof MalformedAuthorizationError) {
      return { ok: false, status: 401, message: "Invalid Authorization header." };
    }
    throw error;
  }
  if (credentials.kind === "anonymous") return { ok: true, viewer: undefined, token: undefined };
  const token = state.tokens.byValue(credentials.token);
  const owner = token && state.users.byId(token.userId);
  if (!token || !owner) return { ok: false, status: 401, message: "Invalid access token." };
  if (credentials.kind === "token") return { ok: true, viewer: owner, token };

  if (!token.scopes.has(SUDO_SCOPE)) {
    return { ok: false, status: 403, message: `Sudo needs a token with the ${SUDO_SCOPE} scope.` };
  }
  if (!owner.siteAdmin) return { ok: false, status: 403, message: "Sudo needs a site admin's token." };
  const target = state.users.byUsername(credentials.user);
  if (!target) return { ok: false, status: 403, message: "Unable to sudo to nonexistent user." };
  return { ok: true, viewer: target, token, sudoFrom: owner };
}

/** What an `Authorization` header of the GraphQL API asks for. */
export type GraphQLCredentials =
  | { readonly kind: "anonymous" }
  /** `token <t>`, `token token="<t>"` (access tokens) or `Bearer <t>` (OAuth). */
  | { readonly kind: "token"; readonly scheme: "token" | "bearer"; readonly token: string }
  /** `token-sudo user="<u>",token="<t>"`, in either order, quotes optional. */
  | { readonly kind: "sudo"; readonly token: string; readonly user: string };

/** An `Authorization` header that is not one of the accepted forms. */
export class MalformedAuthorizationError extends Error {
  override readonly name = "MalformedAuthorizationError";
}

const BARE = /^[^\s",=]+$/;
const PARAMETER = /\s*([A-Za-z-]+)\s*=\s*(?:"([^"\r\n]*)"|([^\s",]*))\s*(,|$)/y;

/**
 * Reads the `Authorization` header of a GraphQL request the way Sourcegraph's server does:
 *
 * - none: an anonymous request;
 * - `token <t>` or `token token="<t>"` (quotes optional);
 * - `token-sudo user="<u>",token="<t>"`: parameters in either order, quotes optional, both required;
 * - `Bearer <t>`: an OAuth (or access) token.
 *
 * Schemes are case-insensitive. Anything else (another scheme, a missing or empty credential, unknown or
 * repeated parameters, text left over) is malformed.
 *
 * @throws MalformedAuthorizationError, whose message never holds the header.
 */
export function parseGraphQLAuthorization(header: string | undefined): GraphQLCredentials {
  if (header === undefined) return { kind: "anonymous" };
  const match = /^\s*(\S+)(?:\s+(.*?))?\s*$/s.exec(header);
  const scheme = match?.[1]?.toLowerCase();
  const rest = match?.[2] ?? "";
  if (scheme === "bearer") {
    if (!BARE.test(rest)) throw new MalformedAuthorizationError("a Bearer header needs exactly one token");
    return { kind: "token", scheme: "bearer", token: rest };
  }
  if (scheme === "token") {
    if (BARE.test(rest)) return { kind: "token", scheme: "token", token: rest };
    const { token } = parameters(rest, ["token"]);
    return { kind: "token", scheme: "token", token };
  }
  if (scheme === "token-sudo") {
    const { token, user } = parameters(rest, ["token", "user"]);
    return { kind: "sudo", token, user };
  }
  throw new MalformedAuthorizationError("the scheme must be token, token-sudo or Bearer");
}

function parameters<K extends string>(text: string, names: readonly K[]): Record<K, string> {
  const found = new Map<string, string>();
  PARAMETER.lastIndex = 0;
  while (PARAMETER.lastIndex < text.length) {
    const start = PARAMETER.lastIndex;
    const match = PARAMETER.exec(text);
    if (!match || match.index !== start) throw new MalformedAuthorizationError("malformed parameters");
    const name = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? match[3] ?? "";
    if (!names.includes(name as K) || found.has(name)) {
      throw new MalformedAuthorizationError(`unexpected parameter ${JSON.stringify(name)}`);
    }
    if (value === "") throw new MalformedAuthorizationError(`the parameter ${name} is empty`);
    found.set(name, value);
    if (match[4] === "") break;
  }
  if (PARAMETER.lastIndex < text.length && text.slice(PARAMETER.lastIndex).trim() !== "") {
    throw new MalformedAuthorizationError("malformed parameters");
  }
  for (const name of names) {
    if (!found.has(name)) throw new MalformedAuthorizationError(`the parameter ${name} is missing`);
  }
  return Object.fromEntries(found) as Record<K, string>;
}
