import { onTestFinished } from "vitest";
import { DOCUMENTED_IDS, type Emulator, type EmulatorOptions, startEmulator } from "../../src/index.js";

/** The documentation's ids: repository 123 and user 456 (alice). */
export const { repository: REPO, alice: ALICE } = DOCUMENTED_IDS;

/**
 * Starts an emulator on 127.0.0.1 for the current test, stopped when it finishes: the default instance (the sample,
 * which holds the documentation's ids), so that what runs here runs for a user of `startEmulator()` as written.
 */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  onTestFinished(() => emulator.stop());
  return emulator;
}
