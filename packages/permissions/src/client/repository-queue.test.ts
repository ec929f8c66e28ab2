import { createConnection } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { createRepositoryQueue, repositoryQueueOf } from "./repository-queue.js";

/** A task that records its start and end, and ends when `finish` is called. */
function task(log: string[], name: string) {
  let finish: (fail?: Error) => void = () => {};
  const run = () =>
    new Promise<string>((resolve, reject) => {
      log.push(`${name} start`);
      finish = (fail) => {
        log.push(`${name} end`);
        if (fail) reject(fail);
        else resolve(name);
      };
    });
  return { run, finish: (fail?: Error) => finish(fail) };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("createRepositoryQueue", () => {
  it("runs the tasks of one key one after another, in the order they were queued", async () => {
    const queue = createRepositoryQueue();
    const log: string[] = [];
    const [a, b, c] = [task(log, "a"), task(log, "b"), task(log, "c")];
    const results = [queue.run("r", undefined, a.run), queue.run("r", undefined, b.run)];
    results.push(queue.run("r", undefined, c.run));
    await settle();
    expect(log).toEqual(["a start"]);
    a.finish();
    await settle();
    b.finish();
    await settle();
    c.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("runs tasks of different keys side by side", async () => {
    const queue = createRepositoryQueue();
    const log: string[] = [];
    const [a, b] = [task(log, "a"), task(log, "b")];
    const results = [queue.run("r1", undefined, a.run), queue.run("r2", undefined, b.run)];
    await settle();
    expect(log).toEqual(["a start", "b start"]);
    b.finish();
    a.finish();
    expect(await Promise.all(results)).toEqual(["a", "b"]);
  });

  it("goes on after a task fails", async () => {
    const queue = createRepositoryQueue();
    const log: string[] = [];
    const [a, b] = [task(log, "a"), task(log, "b")];
    const failed = queue.run("r", undefined, a.run);
    const next = queue.run("r", undefined, b.run);
    await settle();
    const error = new Error("boom");
    a.finish(error);
    await expect(failed).rejects.toBe(error);
    await settle();
    b.finish();
    await expect(next).resolves.toBe("b");
  });

  it("an abort while waiting rejects with the reason, runs nothing, and later tasks still wait their turn", async () => {
    const queue = createRepositoryQueue();
    const log: string[] = [];
    const [a, b, c] = [task(log, "a"), task(log, "b"), task(log, "c")];
    const controller = new AbortController();
    const reason = new Error("stop");
    const first = queue.run("r", undefined, a.run);
    const aborted = queue.run("r", controller.signal, b.run);
    const third = queue.run("r", undefined, c.run);
    await settle();
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await settle();
    expect(log).toEqual(["a start"]);
    a.finish();
    await first;
    await settle();
    c.finish();
    await expect(third).resolves.toBe("c");
    expect(log).toEqual(["a start", "a end", "c start", "c end"]);
  });

  it("an already aborted signal rejects at once, even with nothing to wait for", async () => {
    const queue = createRepositoryQueue();
    const reason = new Error("stop");
    let ran = false;
    await expect(
      queue.run("r", AbortSignal.abort(reason), async () => {
        ran = true;
      }),
    ).rejects.toBe(reason);
    expect(ran).toBe(false);
  });
});

describe("repositoryQueueOf", () => {
  it("gives every client of one connection the same queue, and another connection its own", () => {
    const one = createConnection({ endpoint: "https://sg.example.com", token: "t" });
    const two = createConnection({ endpoint: "https://sg.example.com", token: "t" });
    expect(repositoryQueueOf(one)).toBe(repositoryQueueOf(one));
    expect(repositoryQueueOf(one)).not.toBe(repositoryQueueOf(two));
  });
});
