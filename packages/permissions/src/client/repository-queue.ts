import type { Connection } from "@sgkit/core";

/**
 * Runs tasks one after another per key (a repository's name), in the order they were queued; tasks of different
 * keys run side by side. `replaceRepositoryPermissions` reads an ACL, then writes the difference: two of them
 * interleaved on one repository would each write against a state the other is changing, so they take turns.
 */
export interface RepositoryQueue {
  /**
   * Runs `task` once every task queued earlier under `key` has settled. An abort of `signal` while waiting
   * rejects with its reason and leaves the queue's order intact: the tasks queued after still wait for the ones
   * before.
   */
  run<T>(key: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T>;
}

/** Each connection's queue: the replaces of every client made from one `Connection` take turns. */
const queues = new WeakMap<Connection, RepositoryQueue>();

/** The queue shared by every client of `connection`. */
export function repositoryQueueOf(connection: Connection): RepositoryQueue {
  let queue = queues.get(connection);
  if (queue === undefined) {
    queue = createRepositoryQueue();
    queues.set(connection, queue);
  }
  return queue;
}

export function createRepositoryQueue(): RepositoryQueue {
  // The settling of the last task queued under each key; a key is dropped once its last task has settled, so
  // the map holds only repositories with work in flight.
  const tails = new Map<string, Promise<void>>();
  return {
    async run(key, signal, task) {
      const previous = tails.get(key);
      let release = () => {};
      const done = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Never rejects: it waits for the previous tail (which never rejects) and this task's release.
      const tail = previous === undefined ? done : previous.then(() => done);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      try {
        if (previous !== undefined) await waitFor(previous, signal);
        else signal?.throwIfAborted();
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** Resolves when `promise` does, or rejects with the signal's reason when it aborts first. */
function waitFor(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
