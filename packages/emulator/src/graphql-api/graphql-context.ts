import type { EmulatorState } from "../state/emulator-state.js";
import type { User } from "../state/user-directory.js";

/** What every resolver gets: the shared state and the user the request acts as. */
export interface GraphQLContext {
  readonly state: EmulatorState;
  /** The user the request acts as (the sudo target with `token-sudo`); undefined when anonymous. */
  readonly viewer: User | undefined;
}
