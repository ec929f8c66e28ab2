import type { IncomingMessage, ServerResponse } from "node:http";

/** A Node request handler. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

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

/** The plain-text 404 of an unknown path. */
export function notFound(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found\n");
}
