import { performance } from "node:perf_hooks";
import { type CapacityOptions, type Emulator, startEmulator } from "@sgkit/emulator";
import type { BenchInstance } from "./create-bench-instance.js";

/** A running emulator holding a bench instance, and the environment that points the migrator at it. */
export interface BenchEmulator {
  readonly emulator: Emulator;
  /** SRC_ENDPOINT and SRC_ACCESS_TOKEN (the instance's admin token). */
  readonly env: Readonly<Record<string, string>>;
  /** How long loading the seed took: reported, never counted in the migrator's numbers. */
  readonly seedMs: number;
}

/**
 * Starts the emulator on this process's thread with the instance's seed, no faults, and the capacity model when
 * given (off otherwise, so that a plan measures the migrator rather than a simulated database).
 */
export async function startBenchEmulator(
  instance: BenchInstance,
  capacity?: CapacityOptions,
): Promise<BenchEmulator> {
  const started = performance.now();
  const emulator = await startEmulator({ seed: instance.seed, ...(capacity ? { capacity } : {}) });
  return {
    emulator,
    env: { SRC_ENDPOINT: emulator.url, SRC_ACCESS_TOKEN: emulator.token(instance.tokenName) },
    seedMs: performance.now() - started,
  };
}
