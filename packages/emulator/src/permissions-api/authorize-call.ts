import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessToken, User } from "../state/accounts.js";
import type { EmulatorState } from "../state/emulator-state.js";

/** What a method does: Get and List read, Create and Delete write. */
export type Access = "read" | "write";

const REQUIREMENTS: Readonly<Record<Access, { scope: string; rbac: string }>> = {
  read: { scope: "externalapi:read", rbac: "REPO_PERMISSIONS#READ" },
  write: { scope: "externalapi:write", rbac: "REPO_PERMISSIONS#WRITE" },
};

/**
 * Decides whether a call may proceed, in this order:
 *
 * 1. authentication (`unauthenticated`, see {@link authenticateBearer});
 * 2. the "Explicit Permissions API" license feature (`failed_precondition` for every method);
 * 3. the token's scope: `externalapi:read` for reads, `externalapi:write` for writes, or the legacy `user:all`,
 *    whose every use is written to the audit log (`permission_denied` otherwise; write does not imply read);
 * 4. the user's RBAC permission `REPO_PERMISSIONS#READ` or `#WRITE` (`permission_denied`). Site admins are not
 *    exempt: the documentation says the calling user needs the permission, and a strict emulator catches the
 *    integration that would only work for admins. Seeds give site admins both permissions by default.
 */
export function authorizeCall(state: EmulatorState, header: Headers, access: Access, method: string): Caller {
  const caller = authenticateBearer(state, header);
  if (!state.license) {
    throw new ConnectError(
      `${method} needs the "Explicit Permissions API" license feature, which this instance does not have`,
      Code.FailedPrecondition,
    );
  }
  const { scope, rbac } = REQUIREMENTS[access];
  if (!caller.token.scopes.has(scope)) {
    if (!caller.token.scopes.has("user:all")) {
      throw new ConnectError(
        `${method} needs a token with the scope ${scope}; this token has ${[...caller.token.scopes].join(", ") || "no scope"}`,
        Code.PermissionDenied,
      );
    }
    state.audit.record({
      userId: caller.user.id,
      username: caller.user.username,
      token: caller.token.name,
      api: "http-api",
      method,
      note: `legacy user:all token used instead of the scope ${scope}`,
    });
  }
  if (!caller.user.rbac.has(rbac)) {
    throw new ConnectError(
      `${method} needs the RBAC permission ${rbac}, which user ${JSON.stringify(caller.user.username)} does not have`,
      Code.PermissionDenied,
    );
  }
  return caller;
}

/** Who is calling: the token and the user it acts as. */
export interface Caller {
  readonly token: AccessToken;
  readonly user: User;
}

/**
 * Authenticates a call of the `/api/` HTTP API, which accepts an access token only as
 * `Authorization: Bearer <token>`. A GraphQL-style `token` or `token-sudo` header, a session cookie, an unknown
 * token or no credentials at all are `unauthenticated`. Messages never repeat the token.
 *
 * The documented plain-text 401 bodies (`Invalid access token.`) belong to GraphQL; here the answer is a Connect
 * error, `{"code":"unauthenticated","message":...}`, with the same wording where one exists.
 */
export function authenticateBearer(state: EmulatorState, header: Headers): Caller {
  const authorization = header.get("authorization")?.trim();
  if (!authorization) {
    if (header.has("cookie")) {
      throw unauthenticated(
        "session cookies are not accepted by the HTTP API; send an access token as Authorization: Bearer <token>",
      );
    }
    throw unauthenticated("no access token; send one as Authorization: Bearer <token>");
  }
  const match = /^(\S+)(?:\s+(.*))?$/s.exec(authorization);
  const scheme = match?.[1]?.toLowerCase() ?? "";
  if (scheme === "token" || scheme === "token-sudo") {
    throw unauthenticated(
      `the HTTP API accepts access tokens only as Authorization: Bearer <token>, not the "${scheme}" scheme of GraphQL`,
    );
  }
  const credential = match?.[2]?.trim() ?? "";
  if (scheme !== "bearer" || credential === "" || /\s/.test(credential)) {
    throw unauthenticated("Invalid Authorization header.");
  }
  const token = state.tokens.byValue(credential);
  const user = token && state.users.byId(token.userId);
  if (!token || !user) throw unauthenticated("Invalid access token.");
  return { token, user };
}

function unauthenticated(message: string): ConnectError {
  // Error metadata is sent as response headers in Connect unary answers.
  return new ConnectError(message, Code.Unauthenticated, { "WWW-Authenticate": "Bearer" });
}
