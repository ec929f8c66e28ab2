import type { CapacityOptions } from "./capacity-options.js";

/** Checks capacity options; a problem is a `RangeError` naming the option, e.g. `capacity.workers`. */
export function validateCapacityOptions(options: CapacityOptions, path = "capacity"): void {
  if (typeof options !== "object" || options === null) throw new RangeError(`${path}: must be an object`);
  if (!(Number.isSafeInteger(options.workers) && options.workers >= 1)) {
    throw new RangeError(`${path}.workers: must be an integer >= 1, got ${String(options.workers)}`);
  }
  for (const key of ["serviceMs", "perRowMs", "queueTimeoutMs"] as const) {
    const value = options[key];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${path}.${key}: must be a number of milliseconds >= 0, got ${String(value)}`);
    }
  }
}
