import { Code, ConnectError } from "@connectrpc/connect";
import type { EmulatorState } from "../state/emulator-state.js";
import type { User } from "../state/user-directory.js";
import type { UserKey } from "./user-key.js";

/** The user a name designates; `not_found` when there is none (emails match case-sensitively). */
export function resolveUser(state: EmulatorState, key: UserKey): User {
  const user =
    key.kind === "id"
      ? state.users.byId(key.id)
      : key.kind === "username"
        ? state.users.byUsername(key.username)
        : state.users.byEmail(key.email);
  if (!user) throw new ConnectError(`user ${JSON.stringify(userName(key))} not found`, Code.NotFound);
  return user;
}

function userName(key: UserKey): string {
  if (key.kind === "id") return `users/${key.id}`;
  return key.kind === "username" ? `users/@${key.username}` : `users/${key.email}`;
}
