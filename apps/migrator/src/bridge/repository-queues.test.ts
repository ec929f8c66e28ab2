import { describe, expect, it } from "vitest";
import { createRepositoryQueues } from "./repository-queues.js";

/** A promise and the functions that settle it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe("createRepositoryQueues", () => {
  it("runs one repository's tasks one at a time in the order they were queued", async () => {
    const queues = createRepositoryQueues();
    const events: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, index) =>
      queues.enqueue(7, async () => {
        events.push(`start ${index}`);
        await gate.promise;
        events.push(`end ${index}`);
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["start 0"]);
    expect(queues.size).toBe(3);
    expect(queues.repositories).toBe(1);
    // Released out of order: each still waits for the one before it.
    gates[2]?.resolve();
    gates[1]?.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["start 0"]);
    gates[0]?.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(events).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
    expect(queues.size).toBe(0);
    expect(queues.repositories).toBe(0);
  });

  it("runs different repositories side by side", async () => {
    const queues = createRepositoryQueues();
    const gate = deferred();
    const started: number[] = [];
    const tasks = [1, 2, 3].map((repository) =>
      queues.enqueue(repository, async () => {
        started.push(repository);
        await gate.promise;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2, 3]);
    expect(queues.repositories).toBe(3);
    gate.resolve();
    await Promise.all(tasks);
  });

  it("gives each task its own outcome: a failure does not stop the tasks behind it", async () => {
    const queues = createRepositoryQueues();
    const failing = queues.enqueue(1, async () => {
      throw new Error("boom");
    });
    const next = queues.enqueue(1, async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });

  it("idle() resolves once nothing is queued or running, tasks queued meanwhile included", async () => {
    const queues = createRepositoryQueues();
    await queues.idle();
    const gate = deferred();
    let later = false;
    void queues.enqueue(1, async () => {
      await gate.promise;
      void queues.enqueue(2, async () => {
        later = true;
      });
    });
    let idle = false;
    const waiting = queues.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(later).toBe(true);
  });
});
