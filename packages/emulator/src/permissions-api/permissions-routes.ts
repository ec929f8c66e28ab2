import type { ConnectRouter } from "@connectrpc/connect";
import { Service } from "@sgkit/contracts/permissions";
import type { EmulatorState } from "../state/emulator-state.js";
import { authorizeCall } from "./authorize-call.js";
import { createPageTokenCodec } from "./create-page-token-codec.js";
import { createPermission } from "./create-permission.js";
import { deletePermission } from "./delete-permission.js";
import { getPermission } from "./get-permission.js";
import { listPermissions } from "./list-permissions.js";

/**
 * Registers `explicitrepopermissions.v1.Service`, from the generated descriptor in `@sgkit/contracts` (the one
 * `@sgkit/permissions` is built on), on a Connect router. Every method authorizes the call (authentication,
 * license, scope, RBAC) before it reads its arguments, then works on the shared state.
 */
export function permissionsRoutes(state: EmulatorState): (router: ConnectRouter) => void {
  const pageTokens = createPageTokenCodec();
  return (router) =>
    router.service(Service, {
      getExplicitRepoPermission(request, context) {
        authorizeCall(state, context.requestHeader, "read", "GetExplicitRepoPermission");
        return getPermission(state, request);
      },
      listExplicitRepoPermissions(request, context) {
        authorizeCall(state, context.requestHeader, "read", "ListExplicitRepoPermissions");
        return listPermissions(state, request, pageTokens);
      },
      createExplicitRepoPermission(request, context) {
        authorizeCall(state, context.requestHeader, "write", "CreateExplicitRepoPermission");
        return createPermission(state, request);
      },
      deleteExplicitRepoPermission(request, context) {
        authorizeCall(state, context.requestHeader, "write", "DeleteExplicitRepoPermission");
        deletePermission(state, request);
        return {};
      },
    });
}
