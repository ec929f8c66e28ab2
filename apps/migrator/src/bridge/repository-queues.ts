// The bridge's order of work: the calls for one repository run one at a time, in the order they arrived (a legacy
// call replaces the whole ACL, so the last one to arrive must be the last one applied, and two must never
// interleave their writes); calls for different repositories run side by side, bounded by the run's call slots
// beneath the clients rather than here.

/** Work queued per repository; see {@link createRepositoryQueues}. */
export interface RepositoryQueues {
  /**
   * Queues `task` behind the work already queued for `repository` and resolves (or rejects) with its result. The
   * queue position is taken synchronously, when `enqueue` is called: the order of calls is the order of arrival.
   */
  enqueue<T>(repository: number, task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running, over every repository. */
  readonly size: number;
  /** Repositories with a task running or queued. */
  readonly repositories: number;
  /** Resolves once no task is queued or running (tasks queued meanwhile included). */
  idle(): Promise<void>;
}

/** One chain of promises per repository, dropped once it runs dry so that memory follows the work in flight. */
export function createRepositoryQueues(): RepositoryQueues {
  const tails = new Map<number, Promise<unknown>>();
  const counts = new Map<number, number>();
  let size = 0;
  let waiters: (() => void)[] = [];

  const settle = (repository: number): void => {
    size -= 1;
    const left = (counts.get(repository) ?? 1) - 1;
    if (left === 0) {
      counts.delete(repository);
      tails.delete(repository);
    } else counts.set(repository, left);
    if (size === 0) {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    }
  };

  return {
    enqueue<T>(repository: number, task: () => Promise<T>): Promise<T> {
      size += 1;
      counts.set(repository, (counts.get(repository) ?? 0) + 1);
      const previous = tails.get(repository) ?? Promise.resolve();
      // A failed task does not stop the ones behind it: each call gets its own answer.
      const result = previous.then(task, task);
      const tail = result.then(
        () => settle(repository),
        () => settle(repository),
      );
      tails.set(repository, tail);
      return result;
    },
    get size() {
      return size;
    },
    get repositories() {
      return counts.size;
    },
    idle() {
      if (size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
