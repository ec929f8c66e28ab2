import type { EmulatorState } from "../state/emulator-state.js";
import type { AccessToken } from "../state/token-store.js";
import type { User } from "../state/user-directory.js";
import { MalformedAuthorizationError, parseGraphQLAuthorization } from "./parse-graphql-authorization.js";

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
