import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

const gc = exposeGc();

/**
 * The memory still reachable now: the JavaScript heap plus array buffers (where file chunks live), after a full
 * garbage collection. `undefined` where this Node cannot be made to expose `gc`.
 */
export function liveMemory(): number | undefined {
  if (gc === undefined) return undefined;
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}
