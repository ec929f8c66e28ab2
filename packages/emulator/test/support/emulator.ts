import { onTestFinished } from "vitest";
import {
  DOCUMENTED_IDS,
  documentedSeed,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "../../src/index.js";

/** The documentation's ids: repository 123 and user 456 (alice). */
export const { repository: REPO, alice: ALICE } = DOCUMENTED_IDS;

/** Starts an emulator of `documentedSeed()` on 127.0.0.1 for the current test, stopped when it finishes. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ seed: documentedSeed(), ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}
