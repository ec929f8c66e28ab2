/**
 * A capacity model, so that performance work meets a server that saturates like a database: `workers` calls
 * are served at once, each holding its worker for `serviceMs` plus `perRowMs` per List row returned; other
 * calls wait in a FIFO queue, and a call that has waited `queueTimeoutMs` without a worker fails `unavailable`.
 * Below capacity latency is the service time; past it latency rises with the queue, then calls fail.
 */
export interface CapacityOptions {
  /** How many calls are served at once (an integer >= 1). */
  readonly workers: number;
  /** The time every call holds a worker, in ms. Default 0. */
  readonly serviceMs?: number;
  /** Extra time per row a call returns (List permissions), in ms. Default 0. */
  readonly perRowMs?: number;
  /** The longest a call waits for a worker before failing `unavailable`, in ms. Default 1000. */
  readonly queueTimeoutMs?: number;
}

/** What the capacity model has done so far. */
export interface CapacityStats {
  /** The configured worker count. */
  readonly workers: number;
  /** Workers serving a call now. */
  readonly busy: number;
  /** Calls waiting for a worker now. */
  readonly queued: number;
  /** The longest the queue has been. */
  readonly maxQueued: number;
  /** Calls that got a worker. */
  readonly served: number;
  /** Calls that failed because no worker freed up within `queueTimeoutMs`. */
  readonly rejected: number;
}
