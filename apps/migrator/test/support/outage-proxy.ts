import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emulator } from "@sgkit/emulator";
import { askEmulator, readBody, sendAnswer, startLoopbackListener } from "./loopback-proxy.js";

// A loopback proxy in front of an emulator that can go down as a whole instance does (its listener closed, open
// connections dropped: connection refused and resets) and come back on the same port, the emulator's state intact.
// The CLI reaches it as its endpoint; it forwards to the emulator in-process (see loopback-proxy.ts).

/** See {@link startOutageProxy}. */
export interface OutageProxy {
  /** The proxy's URL: give it to the CLI as SRC_ENDPOINT. */
  readonly url: string;
  /** Calls forwarded to the emulator, by method (`CreateExplicitRepoPermission`, `graphql`). */
  readonly forwarded: Map<string, number>;
  /** The most calls the proxy held at once (from their arrival to their answer). */
  readonly maxInFlight: number;
  /** Called with each call's method before it is forwarded; the call waits for what it returns. */
  onCall: ((method: string) => Promise<void> | void) | undefined;
  /** Closes the listener and drops every open connection: calls in flight lose their answer. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  readonly isDown: boolean;
  close(): Promise<void>;
}

/** Starts an {@link OutageProxy} for `emulator` on 127.0.0.1, up. */
export async function startOutageProxy(emulator: Emulator): Promise<OutageProxy> {
  const forwarded = new Map<string, number>();
  let isDown = false;
  let inFlight = 0;
  let maxInFlight = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await forward(request, response);
    } finally {
      inFlight -= 1;
    }
  }

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = request.url ?? "/";
    const method = path.includes("/.api/graphql") ? "graphql" : (path.split("/").pop() ?? "");
    await proxy.onCall?.(method);
    if (isDown) {
      request.socket.destroy();
      return;
    }
    forwarded.set(method, (forwarded.get(method) ?? 0) + 1);
    const answer = await askEmulator(emulator, request, body);
    // Gone down while the emulator answered: the answer is lost, as a restarting instance loses it.
    if (isDown) {
      request.socket.destroy();
      return;
    }
    sendAnswer(response, answer);
  }

  const { server, port, url } = await startLoopbackListener(handle);

  const proxy: OutageProxy = {
    url,
    forwarded,
    get maxInFlight() {
      return maxInFlight;
    },
    onCall: undefined,
    get isDown() {
      return isDown;
    },
    async down() {
      if (isDown) return;
      isDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    async up() {
      if (!isDown) return;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
      isDown = false;
    },
    async close() {
      if (isDown) return;
      isDown = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
