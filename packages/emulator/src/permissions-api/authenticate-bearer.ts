import { Code, ConnectError } from "@connectrpc/connect";
import type { EmulatorState } from "../state/emulator-state.js";
import type { AccessToken } from "../state/token-store.js";
import type { User } from "../state/user-directory.js";

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
