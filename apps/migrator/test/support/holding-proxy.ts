import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emulator } from "@sgkit/emulator";
import { askEmulator, readBody, sendAnswer, startLoopbackListener } from "./loopback-proxy.js";

// A loopback proxy in front of an emulator that makes races certain: it holds the HTTP API's writes until the
// test lets them go, and can lose the answer of a write's first attempt. The CLI reaches it as its endpoint, as it
// would any instance; it forwards to the emulator in-process (see loopback-proxy.ts).

/** A write call (Create or Delete) as the proxy sees it. */
export interface ProxiedWrite {
  readonly method: "CreateExplicitRepoPermission" | "DeleteExplicitRepoPermission";
  /** The request body (JSON). */
  readonly body: string;
}

/** See {@link startHoldingProxy}. */
export interface HoldingProxy {
  /** The proxy's URL: give it to the CLI as SRC_ENDPOINT. */
  readonly url: string;
  /** Write calls that have arrived so far, held or not (retries included). */
  readonly writes: readonly ProxiedWrite[];
  /** Holds every write from now on until {@link release}. */
  hold(): void;
  /** Lets the held writes and every later one through. */
  release(): void;
  /** Resolves once `count` writes have arrived. */
  writesArrived(count: number): Promise<void>;
  /** Write calls the emulator has answered so far. */
  readonly answeredWrites: number;
  /** Resolves once the emulator has answered `count` writes. */
  writesAnswered(count: number): Promise<void>;
  /**
   * Called with each write as it arrives, before it is held or forwarded; the write waits for what it returns.
   */
  onWrite: ((write: ProxiedWrite) => Promise<void> | void) | undefined;
  /** Called with the method of each other call (`ListExplicitRepoPermissions`, `graphql`); it waits likewise. */
  onRead: ((method: string) => Promise<void> | void) | undefined;
  /** When true, the first attempt of each distinct write is applied, then its answer is lost (the connection cut). */
  loseFirstAnswers: boolean;
  close(): Promise<void>;
}

const WRITES = new Set(["CreateExplicitRepoPermission", "DeleteExplicitRepoPermission"]);

/** Starts a {@link HoldingProxy} for `emulator` on 127.0.0.1. Writes are not held until `hold()`. */
export async function startHoldingProxy(emulator: Emulator): Promise<HoldingProxy> {
  let gate: Promise<void> | undefined;
  let open: () => void = () => {};
  const writes: ProxiedWrite[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let answered = 0;
  const answerWaiters: { count: number; resolve: () => void }[] = [];
  const seen = new Set<string>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const method = (request.url ?? "").split("/").pop() ?? "";
    let loseAnswer = false;
    if (WRITES.has(method)) {
      const write = { method, body: body.toString("utf8") } as ProxiedWrite;
      writes.push(write);
      for (const waiter of waiters.filter((w) => writes.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      await proxy.onWrite?.(write);
      await gate;
      const key = `${method}\n${write.body}`;
      loseAnswer = proxy.loseFirstAnswers && !seen.has(key);
      seen.add(key);
    } else {
      await proxy.onRead?.(method);
    }
    const answer = await askEmulator(emulator, request, body);
    if (WRITES.has(method)) {
      answered += 1;
      for (const waiter of answerWaiters.filter((w) => answered >= w.count)) {
        answerWaiters.splice(answerWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (loseAnswer) {
      request.socket.destroy();
      return;
    }
    sendAnswer(response, answer);
  }

  const { server, url } = await startLoopbackListener(handle);

  const proxy: HoldingProxy = {
    url,
    writes,
    get answeredWrites() {
      return answered;
    },
    writesAnswered(count) {
      if (answered >= count) return Promise.resolve();
      return new Promise((resolve) => answerWaiters.push({ count, resolve }));
    },
    onWrite: undefined,
    onRead: undefined,
    loseFirstAnswers: false,
    hold() {
      if (gate !== undefined) return;
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open();
      gate = undefined;
    },
    writesArrived(count) {
      if (writes.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      proxy.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
