import { afterEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/server/start-emulator.js";

/**
 * Returns a function that starts an emulator for the current test and stops it after the test, so that every
 * test gets a fresh state.
 */
export function useEmulator(): (options?: EmulatorOptions) => Promise<Emulator> {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
  });
  return async (options) => {
    const emulator = await startEmulator(options);
    running.push(emulator);
    return emulator;
  };
}
