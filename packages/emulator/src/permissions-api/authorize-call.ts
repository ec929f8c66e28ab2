import { Code, ConnectError } from "@connectrpc/connect";
import type { EmulatorState } from "../state/emulator-state.js";
import { authenticateBearer, type Caller } from "./authenticate-bearer.js";

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
