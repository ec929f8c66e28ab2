import type { IncomingMessage, ServerResponse } from "node:http";
import type { CapacityLimiter } from "../capacity.js";
import type { FaultInjector } from "../faults.js";
import type { EmulatorState } from "../state/emulator-state.js";

/** A Node request handler. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** What the handler of every API works with, besides its own options. */
export interface ApiHandlerOptions {
  /** The state all the APIs share. */
  readonly state: EmulatorState;
  /** Seeded fault injection; undefined when off. */
  readonly faults?: FaultInjector | undefined;
  /** The capacity model: a call waits for a worker (503 when none frees up in time); undefined when off. */
  readonly capacity?: CapacityLimiter | undefined;
  /** Aborts pending waits (injected latency; GraphQL's and search's capacity waits) when the emulator stops. */
  readonly signal?: AbortSignal | undefined;
}

/** One API of the emulator, mounted at a path. */
export interface Route {
  /** The path, e.g. `/.api/graphql`; with `prefix`, every path under it, e.g. `/api/`. */
  readonly path: string;
  /** Whether `path` is a prefix rather than an exact path. */
  readonly prefix?: boolean;
  /** The handler of the API. */
  readonly handler: NodeHandler;
}

/**
 * The emulator's HTTP router: each API (the Connect HTTP API under `/api/`, GraphQL at `/.api/graphql` and
 * streaming search at `/.api/search/stream`) is one route over the same state. The first matching route wins;
 * the query string is ignored for matching. An unknown path is 404 with a plain-text body, as Sourcegraph's Go
 * server answers.
 */
export function createRouter(routes: readonly Route[]): NodeHandler {
  return (request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    const route = routes.find((candidate) =>
      candidate.prefix ? path.startsWith(candidate.path) : path === candidate.path,
    );
    if (route) {
      route.handler(request, response);
      return;
    }
    notFound(request, response);
  };
}

/**
 * The Node handler of a route that answers asynchronously: an error before the answer started is a plain-text
 * 500 naming it; after, the connection is dropped, since the status has been sent.
 */
export function asyncHandler(
  serve: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): NodeHandler {
  return (request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      plainText(response, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
}

/** The plain-text 404 of an unknown path. */
export function notFound(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found\n");
}

/** Answers with a plain-text body, as Go's `http.Error` writes it (a final newline, `nosniff`) on Sourcegraph. */
export function plainText(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response
    .writeHead(status, {
      "Content-Type": "text/plain; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    })
    .end(`${message}\n`);
}
