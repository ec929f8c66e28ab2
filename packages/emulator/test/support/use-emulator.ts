import { afterEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/server/start-emulator.js";
import { smallSeed } from "./small-seed.js";

/**
 * Returns a function that starts an emulator for the current test and stops it after the test, so that every
 * test gets a fresh state. Without a `seed` it serves {@link smallSeed}, the instance this package's tests are
 * written against (pass `seed: sampleSeed()` for the public default).
 */
export function useEmulator(): (options?: EmulatorOptions) => Promise<Emulator> {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
  });
  return async (options = {}) => {
    const emulator = await startEmulator({ seed: smallSeed(), ...options });
    running.push(emulator);
    return emulator;
  };
}
